package calendar

import (
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // time zones also on systems without a zone database
)

// windowsZones maps the Windows time zone names that Outlook and Exchange
// write as TZID to IANA names: the "001" (main) territory of the public CLDR
// windowsZones mapping. Keys are lower-cased.
var windowsZones = func() map[string]string {
	m := map[string]string{}
	for _, p := range [][2]string{
		{"Dateline Standard Time", "Etc/GMT+12"},
		{"UTC-11", "Etc/GMT+11"},
		{"Aleutian Standard Time", "America/Adak"},
		{"Hawaiian Standard Time", "Pacific/Honolulu"},
		{"Marquesas Standard Time", "Pacific/Marquesas"},
		{"Alaskan Standard Time", "America/Anchorage"},
		{"UTC-09", "Etc/GMT+9"},
		{"Pacific Standard Time (Mexico)", "America/Tijuana"},
		{"UTC-08", "Etc/GMT+8"},
		{"Pacific Standard Time", "America/Los_Angeles"},
		{"US Mountain Standard Time", "America/Phoenix"},
		{"Mountain Standard Time (Mexico)", "America/Mazatlan"},
		{"Mountain Standard Time", "America/Denver"},
		{"Yukon Standard Time", "America/Whitehorse"},
		{"Central America Standard Time", "America/Guatemala"},
		{"Central Standard Time", "America/Chicago"},
		{"Easter Island Standard Time", "Pacific/Easter"},
		{"Central Standard Time (Mexico)", "America/Mexico_City"},
		{"Mexico Standard Time", "America/Mexico_City"},
		{"Mexico Standard Time 2", "America/Chihuahua"},
		{"Canada Central Standard Time", "America/Regina"},
		{"SA Pacific Standard Time", "America/Bogota"},
		{"Eastern Standard Time (Mexico)", "America/Cancun"},
		{"Eastern Standard Time", "America/New_York"},
		{"Haiti Standard Time", "America/Port-au-Prince"},
		{"Cuba Standard Time", "America/Havana"},
		{"US Eastern Standard Time", "America/Indiana/Indianapolis"},
		{"Turks And Caicos Standard Time", "America/Grand_Turk"},
		{"Paraguay Standard Time", "America/Asuncion"},
		{"Atlantic Standard Time", "America/Halifax"},
		{"Venezuela Standard Time", "America/Caracas"},
		{"Central Brazilian Standard Time", "America/Cuiaba"},
		{"SA Western Standard Time", "America/La_Paz"},
		{"Pacific SA Standard Time", "America/Santiago"},
		{"Newfoundland Standard Time", "America/St_Johns"},
		{"Tocantins Standard Time", "America/Araguaina"},
		{"E. South America Standard Time", "America/Sao_Paulo"},
		{"SA Eastern Standard Time", "America/Cayenne"},
		{"Argentina Standard Time", "America/Argentina/Buenos_Aires"},
		{"Greenland Standard Time", "America/Nuuk"},
		{"Montevideo Standard Time", "America/Montevideo"},
		{"Magallanes Standard Time", "America/Punta_Arenas"},
		{"Saint Pierre Standard Time", "America/Miquelon"},
		{"Bahia Standard Time", "America/Bahia"},
		{"UTC-02", "Etc/GMT+2"},
		{"Mid-Atlantic Standard Time", "Etc/GMT+2"},
		{"Azores Standard Time", "Atlantic/Azores"},
		{"Cape Verde Standard Time", "Atlantic/Cape_Verde"},
		{"UTC", "Etc/UTC"},
		{"Coordinated Universal Time", "Etc/UTC"},
		{"GMT Standard Time", "Europe/London"},
		{"Greenwich Standard Time", "Atlantic/Reykjavik"},
		{"Sao Tome Standard Time", "Africa/Sao_Tome"},
		{"Morocco Standard Time", "Africa/Casablanca"},
		{"W. Europe Standard Time", "Europe/Berlin"},
		{"Central Europe Standard Time", "Europe/Budapest"},
		{"Romance Standard Time", "Europe/Paris"},
		{"Central European Standard Time", "Europe/Warsaw"},
		{"W. Central Africa Standard Time", "Africa/Lagos"},
		{"Jordan Standard Time", "Asia/Amman"},
		{"GTB Standard Time", "Europe/Bucharest"},
		{"Middle East Standard Time", "Asia/Beirut"},
		{"Egypt Standard Time", "Africa/Cairo"},
		{"E. Europe Standard Time", "Europe/Chisinau"},
		{"Syria Standard Time", "Asia/Damascus"},
		{"West Bank Standard Time", "Asia/Hebron"},
		{"South Africa Standard Time", "Africa/Johannesburg"},
		{"FLE Standard Time", "Europe/Kyiv"},
		{"Israel Standard Time", "Asia/Jerusalem"},
		{"South Sudan Standard Time", "Africa/Juba"},
		{"Kaliningrad Standard Time", "Europe/Kaliningrad"},
		{"Sudan Standard Time", "Africa/Khartoum"},
		{"Libya Standard Time", "Africa/Tripoli"},
		{"Namibia Standard Time", "Africa/Windhoek"},
		{"Arabic Standard Time", "Asia/Baghdad"},
		{"Turkey Standard Time", "Europe/Istanbul"},
		{"Arab Standard Time", "Asia/Riyadh"},
		{"Belarus Standard Time", "Europe/Minsk"},
		{"Russian Standard Time", "Europe/Moscow"},
		{"E. Africa Standard Time", "Africa/Nairobi"},
		{"Volgograd Standard Time", "Europe/Volgograd"},
		{"Iran Standard Time", "Asia/Tehran"},
		{"Arabian Standard Time", "Asia/Dubai"},
		{"Astrakhan Standard Time", "Europe/Astrakhan"},
		{"Azerbaijan Standard Time", "Asia/Baku"},
		{"Russia Time Zone 3", "Europe/Samara"},
		{"Mauritius Standard Time", "Indian/Mauritius"},
		{"Saratov Standard Time", "Europe/Saratov"},
		{"Georgian Standard Time", "Asia/Tbilisi"},
		{"Caucasus Standard Time", "Asia/Yerevan"},
		{"Armenian Standard Time", "Asia/Yerevan"},
		{"Afghanistan Standard Time", "Asia/Kabul"},
		{"West Asia Standard Time", "Asia/Tashkent"},
		{"Qyzylorda Standard Time", "Asia/Qyzylorda"},
		{"Ekaterinburg Standard Time", "Asia/Yekaterinburg"},
		{"Pakistan Standard Time", "Asia/Karachi"},
		{"India Standard Time", "Asia/Kolkata"},
		{"Sri Lanka Standard Time", "Asia/Colombo"},
		{"Nepal Standard Time", "Asia/Kathmandu"},
		{"Central Asia Standard Time", "Asia/Bishkek"},
		{"Bangladesh Standard Time", "Asia/Dhaka"},
		{"Omsk Standard Time", "Asia/Omsk"},
		{"Myanmar Standard Time", "Asia/Yangon"},
		{"SE Asia Standard Time", "Asia/Bangkok"},
		{"Altai Standard Time", "Asia/Barnaul"},
		{"W. Mongolia Standard Time", "Asia/Hovd"},
		{"North Asia Standard Time", "Asia/Krasnoyarsk"},
		{"N. Central Asia Standard Time", "Asia/Novosibirsk"},
		{"Tomsk Standard Time", "Asia/Tomsk"},
		{"China Standard Time", "Asia/Shanghai"},
		{"North Asia East Standard Time", "Asia/Irkutsk"},
		{"Singapore Standard Time", "Asia/Singapore"},
		{"Malay Peninsula Standard Time", "Asia/Singapore"},
		{"W. Australia Standard Time", "Australia/Perth"},
		{"Taipei Standard Time", "Asia/Taipei"},
		{"Ulaanbaatar Standard Time", "Asia/Ulaanbaatar"},
		{"Aus Central W. Standard Time", "Australia/Eucla"},
		{"Transbaikal Standard Time", "Asia/Chita"},
		{"Tokyo Standard Time", "Asia/Tokyo"},
		{"North Korea Standard Time", "Asia/Pyongyang"},
		{"Korea Standard Time", "Asia/Seoul"},
		{"Yakutsk Standard Time", "Asia/Yakutsk"},
		{"Cen. Australia Standard Time", "Australia/Adelaide"},
		{"AUS Central Standard Time", "Australia/Darwin"},
		{"E. Australia Standard Time", "Australia/Brisbane"},
		{"AUS Eastern Standard Time", "Australia/Sydney"},
		{"West Pacific Standard Time", "Pacific/Port_Moresby"},
		{"Tasmania Standard Time", "Australia/Hobart"},
		{"Vladivostok Standard Time", "Asia/Vladivostok"},
		{"Lord Howe Standard Time", "Australia/Lord_Howe"},
		{"Bougainville Standard Time", "Pacific/Bougainville"},
		{"Russia Time Zone 10", "Asia/Srednekolymsk"},
		{"Magadan Standard Time", "Asia/Magadan"},
		{"Norfolk Standard Time", "Pacific/Norfolk"},
		{"Sakhalin Standard Time", "Asia/Sakhalin"},
		{"Central Pacific Standard Time", "Pacific/Guadalcanal"},
		{"Russia Time Zone 11", "Asia/Kamchatka"},
		{"Kamchatka Standard Time", "Asia/Kamchatka"},
		{"New Zealand Standard Time", "Pacific/Auckland"},
		{"UTC+12", "Etc/GMT-12"},
		{"Fiji Standard Time", "Pacific/Fiji"},
		{"Chatham Islands Standard Time", "Pacific/Chatham"},
		{"UTC+13", "Etc/GMT-13"},
		{"Tonga Standard Time", "Pacific/Tongatapu"},
		{"Samoa Standard Time", "Pacific/Apia"},
		{"Line Islands Standard Time", "Pacific/Kiritimati"},
	} {
		m[strings.ToLower(p[0])] = p[1]
	}
	return m
}()

// zone returns the location a TZID names: an IANA name, a Windows name, or a
// name with a path before the IANA name (/mozilla.org/…/Europe/Berlin). It
// returns nil for a name it does not know. Results are cached.
func (c *Calendar) zone(tzid string) *time.Location {
	if loc, ok := c.zones[tzid]; ok {
		return loc
	}
	loc := lookupZone(tzid)
	if len(c.zones) < 1000 {
		c.zones[tzid] = loc
	}
	return loc
}

func lookupZone(tzid string) *time.Location {
	name := strings.TrimSpace(strings.Trim(strings.TrimSpace(tzid), `"`))
	if name == "" || len(name) > 200 {
		return nil
	}
	if iana, ok := windowsZones[strings.ToLower(name)]; ok {
		name = iana
	}
	if loc := load(name); loc != nil {
		return loc
	}
	// A path before the zone name: try its last two and last three parts.
	if strings.Contains(name, "/") {
		parts := strings.Split(strings.Trim(name, "/"), "/")
		for _, k := range []int{2, 3, 1} {
			if len(parts) > k {
				if loc := load(strings.Join(parts[len(parts)-k:], "/")); loc != nil {
					return loc
				}
			}
		}
	}
	return nil
}

func load(name string) *time.Location {
	if name == "" || name == "Local" || strings.ContainsAny(name, "\\\x00") {
		return nil
	}
	switch strings.ToUpper(name) {
	case "UTC", "GMT", "Z", "ETC/UTC", "ETC/GMT":
		return time.UTC
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil
	}
	return loc
}

// offsetName reads the offset of an Outlook display name such as
// "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna" or
// "(GMT-05:00) Eastern Time (US & Canada)".
func offsetName(name string) (int, bool) {
	name = strings.TrimSpace(strings.Trim(strings.TrimSpace(name), `"`))
	if !strings.HasPrefix(name, "(") {
		return 0, false
	}
	s := name[1:]
	if len(s) < 4 || !(strings.HasPrefix(s, "UTC") || strings.HasPrefix(s, "GMT")) {
		return 0, false
	}
	s = s[3:]
	if strings.HasPrefix(s, ")") {
		return 0, true
	}
	if len(s) < 7 || (s[0] != '+' && s[0] != '-') || s[3] != ':' || s[6] != ')' {
		return 0, false
	}
	h, err1 := strconv.Atoi(s[1:3])
	m, err2 := strconv.Atoi(s[4:6])
	if err1 != nil || err2 != nil || h > 14 || m > 59 {
		return 0, false
	}
	off := h*3600 + m*60
	if s[0] == '-' {
		off = -off
	}
	return off, true
}
