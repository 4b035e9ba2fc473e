package hubspot

import (
	"slices"
	"strings"
)

// kind is the object type of an export file.
type kind int

const (
	unknown kind = iota
	users
	companies
	contacts
	deals
	lineItems
	emails
	calls
	meetings
)

var kindNames = map[kind]string{
	users: "users", companies: "companies", contacts: "contacts", deals: "deals",
	lineItems: "line items", emails: "emails", calls: "calls", meetings: "meetings",
}

func (k kind) String() string { return kindNames[k] }

// The columns read, by their internal names. The association columns have
// no internal name: they are named here as their English labels are.
const (
	colID             = "hs_object_id"
	colOwner          = "hubspot_owner_id"
	colTimestamp      = "hs_timestamp"
	colCompanies      = "associated_company_ids"
	colPrimary        = "associated_company_ids_primary"
	colContacts       = "associated_contact_ids"
	colDeals          = "associated_deal_ids"
	colEmail          = "email"
	colFirst          = "firstname"
	colLast           = "lastname"
	colUserID         = "user_id"
	colName           = "name"
	colDomain         = "domain"
	colWebsite        = "website"
	colMoreDomains    = "hs_additional_domains"
	colIndustry       = "industry"
	colEmployees      = "numberofemployees"
	colContactCompany = "associatedcompanyid"
	colDealName       = "dealname"
	colStage          = "dealstage"
	colWon            = "hs_is_closed_won"
	colClose          = "closedate"
	colAmount         = "amount"
	colPrice          = "price"
	colQuantity       = "quantity"
	colCallDirection  = "hs_call_direction"
	colCallDuration   = "hs_call_duration"
	colCallStatus     = "hs_call_status"
	colEmailDirection = "hs_email_direction"
	colFrom           = "hs_email_from_email"
	colFromFirst      = "hs_email_from_firstname"
	colFromLast       = "hs_email_from_lastname"
	colTo             = "hs_email_to_email"
	colCc             = "hs_email_cc_email"
	colStart          = "hs_meeting_start_time"
	colEnd            = "hs_meeting_end_time"
	colOutcome        = "hs_meeting_outcome"
	colAttendees      = "hs_attendee_owner_ids"
)

// englishLabels are the labels HubSpot exports use in English for the
// columns read, by internal name. Labels in other languages come from the
// [labels] of a mapping file.
var englishLabels = map[string][]string{
	colID:             {"Record ID", "Company ID", "Contact ID", "Deal ID", "Line Item ID", "ID"},
	colOwner:          {"Activity assigned to", "Company owner", "Contact owner", "Deal owner", "Owner", "HubSpot Owner"},
	colTimestamp:      {"Activity date", "Timestamp", "Create Date", "Created at"},
	colCompanies:      {"Associated Company IDs", "Associated Company ID", "Associated Companies IDs"},
	colPrimary:        {"Associated Company IDs (Primary)", "Associated Company ID (Primary)", "Primary Associated Company ID"},
	colContacts:       {"Associated Contact IDs", "Associated Contact ID"},
	colDeals:          {"Associated Deal IDs", "Associated Deal ID"},
	colEmail:          {"Email", "Email address", "Email Address"},
	colFirst:          {"First Name", "First name"},
	colLast:           {"Last Name", "Last name"},
	colUserID:         {"User ID", "Owner ID", "id", "hubspot_owner_id", "Owner Id"},
	colName:           {"Company name", "Name", "Product name"},
	colDomain:         {"Company Domain Name", "Domain", "Domain name"},
	colWebsite:        {"Website URL", "Website"},
	colMoreDomains:    {"Additional Domains", "Additional domains"},
	colIndustry:       {"Industry"},
	colEmployees:      {"Number of Employees", "Number of employees", "Employees"},
	colContactCompany: {"Primary Associated Company ID", "Associated Company ID"},
	colDealName:       {"Deal Name", "Deal name"},
	colStage:          {"Deal Stage", "Deal stage", "Stage"},
	colWon:            {"Is Closed Won", "Is closed won", "Closed won"},
	colClose:          {"Close Date", "Close date"},
	colAmount:         {"Amount", "Net price", "Total"},
	colPrice:          {"Unit price", "Price"},
	colQuantity:       {"Quantity"},
	colCallDirection:  {"Call direction"},
	colCallDuration:   {"Call duration", "Duration (ms)", "Call duration (ms)"},
	colCallStatus:     {"Call status"},
	colEmailDirection: {"Email direction"},
	colFrom:           {"From", "From email", "Email from address", "Sender email", "From address"},
	colFromFirst:      {"From first name", "Sender first name"},
	colFromLast:       {"From last name", "Sender last name"},
	colTo:             {"To", "To email", "Recipient email", "Email to address", "To address"},
	colCc:             {"Cc", "CC", "Cc email", "Email cc address", "Cc address"},
	colStart:          {"Meeting start time", "Start time", "Start Time"},
	colEnd:            {"Meeting end time", "End time", "End Time"},
	colOutcome:        {"Meeting outcome", "Outcome"},
	colAttendees:      {"Attendees", "Attendee owner IDs", "Attendee IDs"},
}

// kindColumns are the columns read from a file of each kind; the first are
// required.
var kindColumns = map[kind]struct{ required, optional []string }{
	users:     {[]string{colEmail}, []string{colFirst, colLast, colName, colUserID}},
	companies: {[]string{colID}, []string{colName, colDomain, colWebsite, colMoreDomains, colIndustry, colEmployees, colOwner}},
	contacts:  {[]string{colID}, []string{colEmail, colFirst, colLast, colPrimary, colContactCompany, colCompanies}},
	deals:     {[]string{colID}, []string{colDealName, colStage, colWon, colClose, colAmount, colOwner, colPrimary, colCompanies}},
	lineItems: {[]string{colDeals}, []string{colID, colName, colAmount, colPrice, colQuantity}},
	emails:    {[]string{colID, colTimestamp}, []string{colEmailDirection, colFrom, colFromFirst, colFromLast, colTo, colCc, colOwner, colPrimary, colCompanies, colContacts, colDeals}},
	calls:     {[]string{colID, colTimestamp}, []string{colCallDirection, colCallDuration, colCallStatus, colOwner, colPrimary, colCompanies, colContacts, colDeals}},
	meetings:  {[]string{colID}, []string{colStart, colEnd, colTimestamp, colOutcome, colOwner, colAttendees, colPrimary, colCompanies, colContacts, colDeals}},
}

// aliases returns the headers that may stand for each column: the labels
// of the mapping file first, then the English ones. A label the mapping
// file gives for a column replaces none of them: both are tried.
func aliases(labels map[string]string) map[string][]string {
	out := map[string][]string{}
	for label, internal := range labels {
		k := strings.ToLower(strings.TrimSpace(internal))
		out[k] = append(out[k], label)
	}
	for k := range out {
		slices.Sort(out[k])
	}
	for k, l := range englishLabels {
		out[k] = append(out[k], l...)
	}
	return out
}

// kindOfName guesses the kind of a file from its name, as HubSpot names
// its exports ("hubspot-crm-exports-all-companies-2026-08-07.csv").
func kindOfName(name string) kind {
	n := strings.ToLower(name)
	n = strings.NewReplacer("_", "", "-", "", " ", "").Replace(n)
	switch {
	case strings.Contains(n, "lineitem"):
		return lineItems
	case strings.Contains(n, "compan"):
		return companies
	case strings.Contains(n, "contact"):
		return contacts
	case strings.Contains(n, "deal"):
		return deals
	case strings.Contains(n, "call"):
		return calls
	case strings.Contains(n, "meeting"):
		return meetings
	case strings.Contains(n, "email"):
		return emails
	case strings.Contains(n, "user"), strings.Contains(n, "owner"):
		return users
	}
	return unknown
}

// kindOfHeader guesses the kind of a file from its columns (by internal
// name, labels resolved).
func kindOfHeader(has func(col string) bool) kind {
	switch {
	case has(colCallDirection) || has(colCallDuration) || has(colCallStatus):
		return calls
	case has(colStart) || has(colOutcome):
		return meetings
	case has(colEmailDirection) || has(colFrom) || has(colTo):
		return emails
	case has(colDealName) || has(colStage) || has(colWon):
		return deals
	case has(colDeals) && (has(colPrice) || has(colQuantity)):
		return lineItems
	case has(colID) && has(colEmail) && (has(colFirst) || has(colLast)):
		return contacts
	case has(colID) && (has(colName) || has(colDomain) || has(colWebsite) || has(colEmployees)):
		return companies
	case has(colID) && has(colEmail):
		return contacts
	case has(colEmail) && (has(colFirst) || has(colUserID)):
		return users
	}
	return unknown
}
