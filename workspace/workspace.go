// Package workspace is what a team keeps between classifications: the
// portfolio, every classification run as a snapshot, and the segments
// pinned by overrides. Store is the storage interface the commands use; the
// sqlite and postgres packages implement it, and storetest is the suite
// both pass.
package workspace

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
)

// Store is a workspace.
type Store interface {
	// BeginImport starts an import: one transaction in which records are
	// upserted by their ids. With replace, the portfolio (accounts, team,
	// activities and revenue; not snapshots nor overrides) is emptied first.
	BeginImport(ctx context.Context, replace bool) (Import, error)

	// ReadPortfolio calls read with a consistent view of the portfolio: no
	// import that commits meanwhile is half seen.
	ReadPortfolio(ctx context.Context, read func(PortfolioReader) error) error

	// SaveSnapshot stores a classification and returns its id (1, 2, ...).
	SaveSnapshot(ctx context.Context, s *Snapshot) (int64, error)
	// Snapshots lists every snapshot, oldest first, without accounts.
	Snapshots(ctx context.Context) ([]SnapshotInfo, error)
	// Snapshot returns one snapshot with its accounts, ISOs, time plan and
	// audit, or an error wrapping ErrNotFound.
	Snapshot(ctx context.Context, id int64) (*Snapshot, error)
	// History returns one account's rows in every snapshot that has it,
	// oldest first.
	History(ctx context.Context, accountID string) ([]HistoryPoint, error)

	// SetOverride pins an account to a segment, replacing any override of
	// it in force.
	SetOverride(ctx context.Context, o Override) error
	// LiftOverride ends the override of an account in force; ErrNotFound
	// when there is none.
	LiftOverride(ctx context.Context, accountID, by string, at time.Time) error
	// Overrides lists every override ever set, oldest first.
	Overrides(ctx context.Context) ([]Override, error)

	// Close releases the store.
	Close() error

	// UserStore keeps who signs in, what they did, and the settings.
	UserStore
}

// ErrNotFound is wrapped by errors about something that is not in the
// workspace.
var ErrNotFound = errors.New("not found")

// ErrRetry is wrapped by the error of an import that a concurrent one made
// the database abandon (a deadlock, a serialization failure): running it
// again will succeed.
var ErrRetry = errors.New("the database abandoned the transaction for a concurrent one; try again")

// ErrSchemaTooNew is wrapped by the error of opening a workspace written by
// a newer slcs.
var ErrSchemaTooNew = errors.New("the workspace was written by a newer version of slcs")

// Import is one import transaction. Nothing is visible to others before
// Commit; Rollback (or an error from Commit) leaves the workspace as it was.
type Import interface {
	// AccountIDs calls fn with the id of every account already in the
	// workspace (none after a replace), so that activities and revenue may
	// refer to them.
	AccountIDs(fn func(id string)) error
	PutAccount(a *AccountRow) error
	PutTeam(m *TeamRow) error
	PutActivity(a *ActivityRow) error
	// PutRevenue adds a revenue row; rows with the same account, product
	// and month in one import add up, and the sum replaces what the
	// workspace had for that key.
	PutRevenue(r *RevenueRow) error
	// Commit ends the import and says what it changed.
	Commit() (ImportCounts, error)
	Rollback() error
}

// Counts says what an import did to one kind of record.
type Counts struct {
	Added     int64
	Changed   int64
	Unchanged int64
}

// ImportCounts says what an import did.
type ImportCounts struct {
	Accounts, Team, Activities, Revenue Counts
}

// String says what an import added (+) and changed (~), for the audit
// log.
func (c ImportCounts) String() string {
	return fmt.Sprintf("accounts +%d ~%d, team +%d ~%d, activities +%d ~%d, revenue +%d ~%d",
		c.Accounts.Added, c.Accounts.Changed, c.Team.Added, c.Team.Changed,
		c.Activities.Added, c.Activities.Changed, c.Revenue.Added, c.Revenue.Changed)
}

// PortfolioReader reads the portfolio of a workspace. Records are given in
// no particular order; slices in them are valid during the call only.
type PortfolioReader interface {
	Accounts(fn func(*AccountRow) error) error
	Team(fn func(*TeamRow) error) error
	// LatestActivityDay is the latest activity date on or before the day
	// given; ok is false when there is none.
	LatestActivityDay(notAfter slcs.Day) (day slcs.Day, ok bool, err error)
	// LatestRevenueMonth is the latest month with revenue.
	LatestRevenueMonth() (m slcs.Month, ok bool, err error)
	// Activities calls fn with the activities dated from..to (inclusive).
	Activities(from, to slcs.Day, fn func(*ActivityRow) error) error
	// ActivityPacks calls fn with the activities of every account that has
	// some, as a pack (see OpenPack) valid during the call only.
	ActivityPacks(fn func(account string, pack []byte) error) error
	// AccountActivities calls fn with the activities of one account.
	AccountActivities(account string, fn func(*ActivityRow) error) error
	// Revenue calls fn with the revenue of the months from..to (inclusive).
	Revenue(from, to slcs.Month, fn func(*RevenueRow) error) error
}

// AccountRow is an account as stored.
type AccountRow struct {
	ID, Name, Owner, Industry string
	Employees                 int64
	EmployeesGiven            bool
	Domains                   string // ';'-separated, as written
}

// TeamRow is one of our people as stored.
type TeamRow struct {
	Email         string // lower-cased
	Name          string
	Capacity      float64
	CapacityGiven bool // false: the default capacity applies
}

// ActivityRow is an activity as stored: people trimmed, lower-cased, empty
// items dropped, joined by ';'.
type ActivityRow struct {
	ID          string
	AccountID   string
	Day         slcs.Day
	Type        slcs.ActivityType
	Inbound     bool
	Minutes     int64 // millionths of a minute; -1 when empty (by type)
	OurPeople   string
	TheirPeople string
}

// RevenueRow is revenue of one account, product and month.
type RevenueRow struct {
	AccountID string
	Product   string
	Month     slcs.Month
	Micros    int64 // millionths
}

// SnapshotInfo describes a snapshot.
type SnapshotInfo struct {
	ID        int64
	CreatedAt time.Time
	CreatedBy string
	AsOf      slcs.Day
	Accounts  int
	// Stable is false when the stability margin was turned off.
	Stable bool
	// Segments counts the accounts of each segment.
	Segments [4]int
}

// Snapshot is a saved classification: everything the reports and the
// dashboard show of it, so that nothing is computed again to show it.
type Snapshot struct {
	SnapshotInfo
	Settings slcs.Settings
	Accounts []SnapshotAccount // by account id
	// Sellers is the time plan: one row a seller (lower-cased owner; ""
	// for accounts without owner), by seller.
	Sellers []model.TimePlan
	// Audit is one row a person, by person.
	Audit []model.AuditRow
}

// SnapshotAccount is one account in a snapshot.
type SnapshotAccount struct {
	AccountID, Name, Owner, Industry string
	Segment                          slcs.Segment // after any override
	Computed                         slcs.Segment // from the scores (with the margin)
	Overridden                       bool
	EngagementHigh, PotentialHigh    bool
	Engagement, Potential            int64 // hundredths
	Pairs                            int64
	Frequency, Proactiveness         int64   // millionths
	PairsPct, FrequencyPct           float64 // percentiles 0-100
	ProactivenessPct                 float64
	PotentialValue                   int64 // cents
	Revenue12m                       int64 // millionths
	RecommendedHours                 int64 // hundredths
	Activities, Inbound              int64
	LastActivity                     slcs.Day // valid when HasActivity
	HasActivity                      bool
	RecentOurPeople                  int
	RecentTheirPeople                int
	// PeerGroup is the industry the account was benchmarked against (""
	// for the whole portfolio), of PeerGroupSize accounts.
	PeerGroup     string
	PeerGroupSize int
	// Employees is the head-count used: given (EmployeesGiven), else the
	// peers' median, else 1.
	Employees      float64
	EmployeesGiven bool
	ISOs           []SnapshotISO // by product
}

// SnapshotISO is one ISO in a snapshot, with the peer benchmark behind it
// (the account's peer group).
type SnapshotISO struct {
	Product string
	Kind    string // upsell or cross-sell
	Cents   int64
	Spend   float64 // the account's spend on the product in the revenue window
	Buyers  int     // accounts of the peer group that buy the product
	// Adoption is Buyers / the peer group's size; High and Typical are
	// the percentiles of the buyers' spend per employee.
	Adoption, High, Typical float64
}

// HistoryPoint is one account in one snapshot.
type HistoryPoint struct {
	Snapshot SnapshotInfo
	Account  SnapshotAccount
}

// Override pins an account's segment.
type Override struct {
	ID        int64
	AccountID string
	Segment   slcs.Segment
	Reason    string
	By        string
	At        time.Time
	// Until is the last day it holds; zero Until (HasUntil false) means
	// until lifted.
	Until    slcs.Day
	HasUntil bool
	// Lifted is set when it was lifted (or replaced) before it expired.
	LiftedAt time.Time
	LiftedBy string
}

// Active tells whether the override holds on day d.
func (o Override) Active(d slcs.Day) bool {
	return o.LiftedAt.IsZero() && (!o.HasUntil || d <= o.Until)
}
