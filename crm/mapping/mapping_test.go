package mapping

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// minimal is a mapping of accounts only, to which tests add lines.
const minimal = `
[[accounts]]
file = "a.csv"
[accounts.fields]
account_id = "ID"
name = "Name"
`

const activitiesSection = `
[[activities]]
file = "act.csv"
[activities.fields]
activity_id = "ID"
account_id = "Account"
date = "Date"
our_people = "Owner"
`

func TestParseSyntaxError(t *testing.T) {
	_, err := Parse("mapping.toml", []byte("timezone = \"UTC\"\n[[accounts]]\nfile = \"a.csv\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "mapping.toml: line 3, column ") {
		t.Fatalf("got %v, want an error naming mapping.toml, line 3 and a column", err)
	}
}

func TestLoadNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "crm.toml")
	if err := os.WriteFile(path, []byte(minimal+"\n[accounts.fields.owner]\nunit = \"x\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	if err == nil || !strings.HasPrefix(err.Error(), path+": accounts[1].fields.owner") {
		t.Fatalf("got %v, want an error starting with the file and the key path", err)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "none.toml")); err == nil || !strings.Contains(err.Error(), "none.toml") {
		t.Fatalf("got %v, want an error naming the missing file", err)
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct {
		name, toml, want string
	}{
		{"unknown top key", "zone = \"UTC\"\n" + minimal, `mapping.toml: zone: unknown key`},
		{"unknown record kind", minimal + "\n[[contacts]]\nfile = \"c.csv\"\n", `mapping.toml: contacts: unknown key`},
		{"unknown field", minimal + "\nemail = \"Mail\"\n", `mapping.toml: accounts[1].fields.email: unknown field for accounts: the fields are account_id, name, owner, industry, employees, domains`},
		{"unknown field key", minimal + "\nowner = { column = \"O\", colour = \"red\" }\n", `mapping.toml: accounts[1].fields.owner.colour: unknown key`},
		{"unknown section key", "[[accounts]]\nfile = \"a.csv\"\nsheet = 2\n[accounts.fields]\naccount_id = \"ID\"\nname = \"N\"\n", `mapping.toml: accounts[1].sheet: unknown key`},
		{"bad unit", minimal + activitiesSection + "minutes = { column = \"D\", unit = \"secs\" }\n",
			`mapping.toml: activities[1].fields.minutes.unit: "secs" is not one of milliseconds, seconds, minutes, hours`},
		{"unit on another field", minimal + "\nemployees = { column = \"E\", unit = \"hours\" }\n", `mapping.toml: accounts[1].fields.employees.unit: unit is for minutes`},
		{"missing required field", "[[accounts]]\nfile = \"a.csv\"\n[accounts.fields]\naccount_id = \"ID\"\n",
			`mapping.toml: accounts[1].fields: name is missing: accounts.csv needs it`},
		{"missing required activity field", minimal + "\n[[activities]]\nfile = \"x.csv\"\n[activities.fields]\nactivity_id = \"ID\"\naccount_id = \"A\"\ndate = \"D\"\n",
			`mapping.toml: activities[1].fields: our_people is missing: activities.csv needs it`},
		{"missing file", "[[accounts]]\n[accounts.fields]\naccount_id = \"ID\"\nname = \"N\"\n", `mapping.toml: accounts[1]: file is missing`},
		{"missing fields", "[[accounts]]\nfile = \"a.csv\"\n", `mapping.toml: accounts[1]: fields is missing`},
		{"bad format", minimal + activitiesSection + "minutes = \"M\"\n[[activities]]\nfile = \"b.csv\"\n[activities.fields]\nactivity_id = \"ID\"\naccount_id = \"A\"\nour_people = \"O\"\ndate = { column = \"D\", format = \"dd.mm.yyyy\" }\n",
			`mapping.toml: activities[2].fields.date.format: "dd.mm.yyyy": write the year as YYYY and the day as DD`},
		{"format without a day", minimal + "[[activities]]\nfile = \"b.csv\"\n[activities.fields]\nactivity_id = \"ID\"\naccount_id = \"A\"\nour_people = \"O\"\ndate = { column = \"D\", format = \"MM/YYYY\" }\n",
			`mapping.toml: activities[1].fields.date.format: "MM/YYYY": a date needs a day (DD or D)`},
		{"bad date_formats", "date_formats = [\"DD.MM.YYYY\", \"YYY-MM-DD\"]\n" + minimal, `mapping.toml: date_formats[2]: "YYY-MM-DD": "YYY" is not a token`},
		{"format on a text field", minimal + "\nindustry = { column = \"I\", format = \"DD.MM.YYYY\" }\n", `accounts[1].fields.industry.format: format is for dates`},
		{"bad timezone", "timezone = \"Europe/Berlinn\"\n" + minimal, `mapping.toml: timezone: "Europe/Berlinn" is not a time zone`},
		{"bad type constant", minimal + activitiesSection + "type = { constant = \"phone\" }\n",
			`mapping.toml: activities[1].fields.type.constant: type "phone" is not email, call, meeting or other`},
		{"bad direction constant", minimal + activitiesSection + "direction = { constant = \"outgoing\" }\n",
			`mapping.toml: activities[1].fields.direction.constant: direction "outgoing" is not inbound or outbound`},
		{"bad type in a map", minimal + activitiesSection + "type = { column = \"T\", map = { \"Anruf\" = \"phone\" } }\n",
			`mapping.toml: activities[1].fields.type.map.Anruf: type "phone" is not email, call, meeting or other`},
		{"bad type default", minimal + activitiesSection + "type = { column = \"T\", default = \"misc\" }\n",
			`mapping.toml: activities[1].fields.type.default: type "misc" is not email, call, meeting or other`},
		{"bad minutes constant", minimal + activitiesSection + "minutes = { constant = \"half an hour\" }\n",
			`mapping.toml: activities[1].fields.minutes.constant: minutes is not a number`},
		{"empty required constant", minimal + activitiesSection + "[[revenue]]\nfile = \"r.csv\"\n[revenue.fields]\naccount_id = \"A\"\nproduct = { constant = \"\" }\nmonth = \"M\"\namount = \"X\"\n",
			`mapping.toml: revenue[1].fields.product: the constant is empty`},
		{"two sources", minimal + "\nowner = { column = \"O\", constant = \"x@y.example\" }\n", `mapping.toml: accounts[1].fields.owner: give exactly one of column, columns and constant`},
		{"no source", minimal + "\nowner = { default = \"x@y.example\" }\n", `mapping.toml: accounts[1].fields.owner: give exactly one of column, columns and constant`},
		{"split on a single value", minimal + "\nindustry = { column = \"I\", split = \";\" }\n", `mapping.toml: accounts[1].fields.industry.split: split is for the lists`},
		{"strict without map", minimal + "\nindustry = { column = \"I\", strict = true }\n", `mapping.toml: accounts[1].fields.industry.strict: strict goes with map`},
		{"map on a constant", minimal + "\nindustry = { constant = \"x\", map = { \"a\" = \"b\" } }\n", `mapping.toml: accounts[1].fields.industry.map: a constant takes no map`},
		{"same map key twice", minimal + "\nindustry = { column = \"I\", map = { \"Bau\" = \"a\", \" bau\" = \"b\" } }\n", `mapping.toml: accounts[1].fields.industry.map.Bau: the same value as " bau"`},
		{"bad decimal", "decimal = \";\"\n" + minimal, `mapping.toml: decimal: ";" is not a decimal separator`},
		{"decimal on text", minimal + "\nindustry = { column = \"N\", decimal = \",\" }\n", `mapping.toml: accounts[1].fields.industry.decimal: decimal is for numbers`},
		{"join without columns", minimal + "\nindustry = { column = \"I\", join = \"-\" }\n", `mapping.toml: accounts[1].fields.industry.join: join goes with columns`},
		{"field of the wrong type", minimal + "\nemployees = 12\n", `mapping.toml: accounts[1].fields.employees: must be a column name (a string), or a table`},
		{"keep without values", "[[accounts]]\nfile = \"a.csv\"\nkeep = { column = \"S\" }\n[accounts.fields]\naccount_id = \"ID\"\nname = \"N\"\n", `mapping.toml: accounts[1].keep: values is missing`},
		{"no accounts", activitiesSection, `mapping.toml: the mapping has no [[accounts]] section`},
		{"section not an array", "accounts = 3\n", `mapping.toml: accounts: must be a section`},
		{"labels not strings", "[labels]\n\"Datensatz ID\" = 3\n", `mapping.toml: labels."Datensatz ID": must be a string`},
	} {
		_, err := Parse("mapping.toml", []byte(c.toml))
		if err == nil {
			t.Errorf("%s: no error, want %q", c.name, c.want)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got\n%v\nwant it to hold %q", c.name, err, c.want)
		}
	}
}

func TestParseReportsEveryProblem(t *testing.T) {
	_, err := Parse("m.toml", []byte("timezone = \"Mars/Olympus\"\n"+minimal+"owner = { column = \"O\", unit = \"x\" }\n[[revenue]]\nfile = \"r.csv\"\n[revenue.fields]\naccount_id = \"A\"\n"))
	if err == nil {
		t.Fatal("no error")
	}
	lines := strings.Split(err.Error(), "\n")
	want := []string{"m.toml: timezone: ", "m.toml: accounts[1].fields.owner.unit: ", "m.toml: revenue[1].fields: month is missing", "m.toml: revenue[1].fields: product is missing", "m.toml: revenue[1].fields: amount is missing"}
	for _, w := range want {
		found := false
		for _, l := range lines {
			found = found || strings.HasPrefix(l, w)
		}
		if !found {
			t.Errorf("no line starting %q in:\n%v", w, err)
		}
	}
}

func TestParseLabelsAndOwnersOnly(t *testing.T) {
	m, err := Parse("hubspot.toml", []byte(`
[labels]
"Datensatz-ID" = "hs_object_id"
"Unternehmensname" = " name "

[owners]
"Anna Schmidt" = "anna.schmidt@vertrieb.example"
`))
	if err != nil {
		t.Fatal(err)
	}
	if m.Labels["Datensatz-ID"] != "hs_object_id" || m.Labels["Unternehmensname"] != "name" || len(m.Labels) != 2 {
		t.Errorf("labels %v", m.Labels)
	}
	if m.Owners["Anna Schmidt"] != "anna.schmidt@vertrieb.example" || len(m.Owners) != 1 {
		t.Errorf("owners %v", m.Owners)
	}
	_, err = Convert([]string{t.TempDir()}, m, "", Options{})
	if err == nil || err.Error() != "hubspot.toml: the mapping file describes no records: add an [[accounts]] section" {
		t.Errorf("converting with a mapping of no records: %v", err)
	}
	if _, err := Convert([]string{t.TempDir()}, &Mapping{}, "", Options{}); err == nil || !strings.Contains(err.Error(), "describes no records") {
		t.Errorf("converting with an empty mapping: %v", err)
	}
}

func TestParseAcceptsEveryForm(t *testing.T) {
	_, err := Parse("m.toml", []byte(`
timezone = "America/New_York"
date_formats = ["MM/DD/YYYY hh:mm"]
`))
	if err == nil || !strings.Contains(err.Error(), "write the hour as HH") {
		t.Fatalf("got %v, want the hour hint", err)
	}
	m, err := Parse("m.toml", []byte(`
timezone = "America/New_York"
date_formats = ["MM/DD/YYYY HH:mm", "D.M.YYYY"]
decimal = ","

[accounts]   # a single table is one section
file = "Companies"
decimal = "."
keep = { column = "Stage", values = ["Customer", "Partner"] }
[accounts.fields]
account_id = "ID"
name = { columns = ["Name", "Suffix"], join = " - " }
owner = { column = "Owner", map = { "Ann" = "ann@ours.example" }, strict = true }
industry = { column = "Industry", default = "unknown" }
employees = { column = "Employees", decimal = "," }
domains = { columns = ["Web", "Other"], split = "|", default = "example.org" }

[[team]]
file = "Users.xlsx"
keep = { column = "Active", values = [1, "yes"] }
[team.fields]
email = "Mail"
name = ["First", "Last"]   # a list is columns
capacity_hours = { constant = 140 }
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.sections) != 2 || m.loc.String() != "America/New_York" || len(m.formats) != 2 {
		t.Fatalf("sections %d, zone %v, formats %d", len(m.sections), m.loc, len(m.formats))
	}
	acc := m.sections[0]
	if acc.file != "Companies" || acc.keep == nil || !acc.keep.values["partner"] {
		t.Errorf("accounts section %+v", acc)
	}
	if got := strings.Join(acc.columns, ","); got != "ID,Name,Suffix,Owner,Industry,Employees,Web,Other,Stage" {
		t.Errorf("columns read %s", got)
	}
	if f := acc.fields[4]; f.decimal != ',' {
		t.Errorf("employees decimal %q, want the field's ','", f.decimal)
	}
	if f := acc.fields[1]; f.join != " - " || f.decimal != '.' {
		t.Errorf("name join %q decimal %q, want the section's '.'", f.join, f.decimal)
	}
	team := m.sections[1]
	if f := team.fields[2]; !f.constant || f.value != "140" {
		t.Errorf("capacity constant %+v", f)
	}
	if f := team.fields[1]; strings.Join(f.columns, ",") != "First,Last" || f.join != " " {
		t.Errorf("name from a list: %+v", f)
	}
	if !team.keep.values["1"] || !team.keep.values["yes"] {
		t.Errorf("keep values %v", team.keep.values)
	}
}
