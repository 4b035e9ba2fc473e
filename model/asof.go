package model

import "github.com/slcs/slcs"

// AsOfRule says how the as-of date was chosen.
type AsOfRule uint8

// The rules, in the order they are tried.
const (
	AsOfGiven AsOfRule = iota
	AsOfLatestActivity
	AsOfLatestRevenue
	AsOfToday
)

func (r AsOfRule) String() string {
	switch r {
	case AsOfGiven:
		return "given"
	case AsOfLatestActivity:
		return "latest activity"
	case AsOfLatestRevenue:
		return "end of latest revenue month"
	}
	return "today"
}

// AsOf applies the default rule: the latest activity date not after today;
// else the last day of the latest revenue month; else today.
func AsOf(latestActivity slcs.Day, hasActivity bool, latestRevenue slcs.Month, hasRevenue bool, today slcs.Day) (slcs.Day, AsOfRule) {
	switch {
	case hasActivity:
		return latestActivity, AsOfLatestActivity
	case hasRevenue:
		return latestRevenue.LastDay(), AsOfLatestRevenue
	}
	return today, AsOfToday
}
