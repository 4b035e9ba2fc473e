package model

import "github.com/slcs/slcs"

// Result is a classified portfolio.
type Result struct {
	AsOf     slcs.Day
	Settings slcs.Settings
	// Accounts sorted by id (byte order).
	Accounts []AccountResult
	// Segments summarises the four segments, in slcs.Segments order.
	Segments [4]SegmentSummary
	// Sellers: one time plan for each distinct owner (lower-cased; the
	// empty owner included), sorted by email.
	Sellers []TimePlan
	// Audit: one row per person, sorted by email.
	Audit []AuditRow
}

// AccountResult is one account's classification and the reasons for it.
type AccountResult struct {
	ID       string
	Name     string // the display name: the id when the name is empty
	Owner    string // as written (trimmed)
	Seller   string // the owner lower-cased
	Industry string // as written
	Segment  slcs.Segment
	// Computed is the segment of the scores (with the stability margin);
	// Segment differs from it when the account is pinned by an override.
	Computed   slcs.Segment
	Overridden bool

	Engagement Score
	Potential  Score
	// Components of engagement: pairs, frequency, proactiveness.
	Pairs         Component
	Frequency     Component
	Proactiveness Component
	Activities    int64 // activities in the engagement window
	Inbound       int64 // of which inbound
	// LastActivity is the date of the latest activity on or before the
	// as-of date; valid when HasActivity.
	LastActivity slcs.Day
	HasActivity  bool
	// Distinct people of ours and of theirs in the activities of the last
	// Alerts.SingleThreadDays days.
	RecentOurPeople   int
	RecentTheirPeople int

	// PotentialValue is the sum of the account's ISOs, in cents.
	PotentialValue int64
	// Revenue12m is the revenue of the window, in millionths.
	Revenue12m int64
	// RecommendedHours a month, in hundredths of an hour.
	RecommendedHours int64

	PeerGroup      string  // the industry benchmarked against, or "" for the whole portfolio
	PeerGroupSize  int     // accounts in the peer group
	EmployeesGiven bool    // employees came from the file
	Employees      float64 // the head-count used (given, else the peers' median, else 1)
	ISOs           []ISO   // by product (byte order)
}

// Score is a 0-100 score: exact for the threshold test, and its value
// rounded half up to hundredths for display.
type Score struct {
	Value      float64
	Hundredths int64
	High       bool
	// Held is set when the stability margin kept the account on the side
	// of the threshold it was on before, against the threshold alone.
	Held bool
}

// Component is one input of the engagement score.
type Component struct {
	// Raw is the component's value: pairs as a count, frequency and
	// proactiveness rounded to 6 decimals.
	Raw float64
	// Percentile 0-100 among all accounts of the portfolio (0 for a raw 0).
	Percentile float64
	// Weight in the engagement score.
	Weight float64
}

// ISOKind tells an upsell from a cross-sell.
type ISOKind uint8

// The two kinds of incremental sales opportunity.
const (
	Upsell ISOKind = iota
	CrossSell
)

func (k ISOKind) String() string {
	if k == Upsell {
		return "upsell"
	}
	return "cross-sell"
}

// ISO is one incremental sales opportunity with the peer benchmark behind it.
type ISO struct {
	Product string
	Kind    ISOKind
	Value   float64 // unrounded
	Cents   int64   // Value rounded to cents
	Spend   float64 // the account's spend on the product in the revenue window
	// The benchmark: the peer group's buyers of the product.
	PeerGroup     string // "" for the whole portfolio
	PeerGroupSize int
	Buyers        int
	Adoption      float64 // buyers / peer group size
	High          float64 // HighPercentile of the buyers' spend per employee
	Typical       float64 // TypicalPercentile of the buyers' spend per employee
	Employees     float64 // the account's head-count used
}

// SegmentSummary counts one segment.
type SegmentSummary struct {
	Segment        slcs.Segment
	Accounts       int
	Revenue12m     int64 // millionths
	PotentialValue int64 // cents
}

// TimePlan is one seller's recommended hours by segment.
type TimePlan struct {
	Seller   string // lower-cased owner; "" for accounts without owner
	Capacity float64
	Accounts [4]int     // owned accounts by segment
	Share    [4]float64 // effective share of capacity by segment
}

// AuditRow compares one person's actual hours with the recommendation.
type AuditRow struct {
	Person        string
	OwnedAccounts int
	Capacity      float64
	Actual        [4]float64 // hours a month by segment (unrounded)
	Recommended   [4]float64 // hours a month by segment (unrounded)
	// Misallocation in percent (unrounded); valid only when HasMisallocation.
	Misallocation    float64
	HasMisallocation bool
}
