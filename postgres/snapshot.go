package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
	"github.com/slcs/slcs/workspace"
)

// The columns of a SnapshotInfo, in the order infoDest scans them.
const infoColumns = `s.id, s.created_at, s.created_by, s.as_of, s.stable, s.accounts,
    s.key_accounts, s.maintenance_accounts, s.growth_potential_accounts, s.service_accounts`

// The columns of a SnapshotAccount, in the order accountDest scans them and
// accountValues gives them.
var snapshotAccountColumns = []string{
	"account_id", "name", "owner", "industry", "segment", "computed", "overridden",
	"engagement_high", "potential_high", "engagement", "potential", "pairs", "frequency",
	"proactiveness", "pairs_pct", "frequency_pct", "proactiveness_pct", "potential_value",
	"revenue_12m", "recommended_hours", "activities", "inbound", "last_activity",
	"recent_our_people", "recent_their_people", "peer_group", "peer_group_size", "employees",
	"employees_given",
}

const accountSelect = `a.account_id, a.name, a.owner, a.industry, a.segment, a.computed, a.overridden,
    a.engagement_high, a.potential_high, a.engagement, a.potential, a.pairs, a.frequency,
    a.proactiveness, a.pairs_pct, a.frequency_pct, a.proactiveness_pct, a.potential_value,
    a.revenue_12m, a.recommended_hours, a.activities, a.inbound, a.last_activity,
    a.recent_our_people, a.recent_their_people, a.peer_group, a.peer_group_size, a.employees,
    a.employees_given`

var snapshotISOColumns = []string{"snapshot_id", "account_id", "product", "kind", "value", "spend", "buyers",
	"adoption", "high", "typical"}

// The columns of a SnapshotISO but its account, in the order isoScan scans
// them.
const isoSelect = `product, kind, value, spend, buyers, adoption, high, typical`

var snapshotSellerColumns = []string{"snapshot_id", "seller", "capacity", "key_accounts", "maintenance_accounts",
	"growth_potential_accounts", "service_accounts", "key_share", "maintenance_share", "growth_potential_share",
	"service_share"}

var snapshotAuditColumns = []string{"snapshot_id", "person", "owned_accounts", "capacity", "key_actual",
	"maintenance_actual", "growth_potential_actual", "service_actual", "key_recommended", "maintenance_recommended",
	"growth_potential_recommended", "service_recommended", "misallocation", "has_misallocation"}

// SaveSnapshot stores s in one transaction. Its id is the largest so far
// plus one, taken under a lock so that concurrent saves get different ids and
// a failed save leaves no gap. The segment counts are those of s.Accounts.
func (s *Store) SaveSnapshot(ctx context.Context, snap *workspace.Snapshot) (int64, error) {
	settings, err := json.Marshal(snap.Settings)
	if err != nil {
		return 0, fmt.Errorf("postgres: saving a snapshot: settings: %w", err)
	}
	var segments [4]int
	for i := range snap.Accounts {
		seg := snap.Accounts[i].Segment
		if int(seg) >= len(segments) || int(snap.Accounts[i].Computed) >= len(segments) {
			return 0, fmt.Errorf("postgres: saving a snapshot: account %q has no valid segment (%d)", snap.Accounts[i].AccountID, seg)
		}
		segments[seg]++
	}
	var id int64
	err = pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, func(tx pgx.Tx) error {
		if err := lock(ctx, tx, lockSnapshots); err != nil {
			return err
		}
		// A statement after the lock sees the snapshots committed before it.
		if err := tx.QueryRow(ctx, "SELECT COALESCE(max(id), 0) + 1 FROM snapshots").Scan(&id); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO snapshots (id, created_at, created_by, as_of, stable, settings,
		    accounts, key_accounts, maintenance_accounts, growth_potential_accounts, service_accounts)
		    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			id, snap.CreatedAt, snap.CreatedBy, int32(snap.AsOf), snap.Stable, settings,
			len(snap.Accounts), segments[0], segments[1], segments[2], segments[3])
		if err != nil {
			return err
		}
		// COPY: a snapshot of a large portfolio has tens of thousands of rows.
		cols := append([]string{"snapshot_id"}, snapshotAccountColumns...)
		src := &copySource[workspace.SnapshotAccount]{rows: snap.Accounts, vals: make([]any, len(cols)),
			fill: func(a *workspace.SnapshotAccount, v []any) {
				v[0] = id
				accountValues(a, v[1:])
			}}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"snapshot_accounts"}, cols, src); err != nil {
			return err
		}
		var isos []isoRow
		for i := range snap.Accounts {
			for _, iso := range snap.Accounts[i].ISOs {
				isos = append(isos, isoRow{snap.Accounts[i].AccountID, iso})
			}
		}
		isoSrc := &copySource[isoRow]{rows: isos, vals: make([]any, len(snapshotISOColumns)),
			fill: func(r *isoRow, v []any) {
				copy(v, []any{id, r.account, r.Product, r.Kind, r.Cents, r.Spend, int32(r.Buyers), r.Adoption,
					r.High, r.Typical})
			}}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"snapshot_isos"}, snapshotISOColumns, isoSrc); err != nil {
			return err
		}
		sellerSrc := &copySource[model.TimePlan]{rows: snap.Sellers, vals: make([]any, len(snapshotSellerColumns)),
			fill: func(p *model.TimePlan, v []any) {
				copy(v, []any{id, p.Seller, p.Capacity, int32(p.Accounts[slcs.Key]), int32(p.Accounts[slcs.Maintenance]),
					int32(p.Accounts[slcs.GrowthPotential]), int32(p.Accounts[slcs.Service]), p.Share[slcs.Key],
					p.Share[slcs.Maintenance], p.Share[slcs.GrowthPotential], p.Share[slcs.Service]})
			}}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"snapshot_sellers"}, snapshotSellerColumns, sellerSrc); err != nil {
			return err
		}
		auditSrc := &copySource[model.AuditRow]{rows: snap.Audit, vals: make([]any, len(snapshotAuditColumns)),
			fill: func(r *model.AuditRow, v []any) {
				copy(v, []any{id, r.Person, int32(r.OwnedAccounts), r.Capacity, r.Actual[slcs.Key],
					r.Actual[slcs.Maintenance], r.Actual[slcs.GrowthPotential], r.Actual[slcs.Service],
					r.Recommended[slcs.Key], r.Recommended[slcs.Maintenance], r.Recommended[slcs.GrowthPotential],
					r.Recommended[slcs.Service], r.Misallocation, r.HasMisallocation})
			}}
		_, err = tx.CopyFrom(ctx, pgx.Identifier{"snapshot_audit"}, snapshotAuditColumns, auditSrc)
		return err
	})
	if err != nil {
		return 0, wrap("saving a snapshot", err)
	}
	return id, nil
}

type isoRow struct {
	account string
	workspace.SnapshotISO
}

// accountValues gives the values of snapshotAccountColumns.
func accountValues(a *workspace.SnapshotAccount, v []any) {
	var last any // NULL: no activity
	if a.HasActivity {
		last = int32(a.LastActivity)
	}
	copy(v, []any{a.AccountID, a.Name, a.Owner, a.Industry, int16(a.Segment), int16(a.Computed),
		a.Overridden, a.EngagementHigh, a.PotentialHigh, a.Engagement, a.Potential, a.Pairs,
		a.Frequency, a.Proactiveness, a.PairsPct, a.FrequencyPct, a.ProactivenessPct,
		a.PotentialValue, a.Revenue12m, a.RecommendedHours, a.Activities, a.Inbound, last,
		int32(a.RecentOurPeople), int32(a.RecentTheirPeople), a.PeerGroup, int32(a.PeerGroupSize), a.Employees,
		a.EmployeesGiven})
}

// accountScan scans the columns of accountSelect into a; call done after
// each row.
type accountScan struct {
	a                 workspace.SnapshotAccount
	segment, computed int16
	last              pgtype.Int4
	our, their        int32
	peerGroupSize     int32
}

func (s *accountScan) dest() []any {
	a := &s.a
	return []any{&a.AccountID, &a.Name, &a.Owner, &a.Industry, &s.segment, &s.computed,
		&a.Overridden, &a.EngagementHigh, &a.PotentialHigh, &a.Engagement, &a.Potential, &a.Pairs,
		&a.Frequency, &a.Proactiveness, &a.PairsPct, &a.FrequencyPct, &a.ProactivenessPct,
		&a.PotentialValue, &a.Revenue12m, &a.RecommendedHours, &a.Activities, &a.Inbound, &s.last,
		&s.our, &s.their, &a.PeerGroup, &s.peerGroupSize, &a.Employees, &a.EmployeesGiven}
}

func (s *accountScan) done() workspace.SnapshotAccount {
	a := s.a
	a.Segment, a.Computed = slcs.Segment(s.segment), slcs.Segment(s.computed)
	a.LastActivity, a.HasActivity = slcs.Day(s.last.Int32), s.last.Valid
	a.RecentOurPeople, a.RecentTheirPeople = int(s.our), int(s.their)
	a.PeerGroupSize = int(s.peerGroupSize)
	a.ISOs = nil
	return a
}

// infoScan scans infoColumns.
type infoScan struct {
	i        workspace.SnapshotInfo
	asOf     int32
	accounts int32
	segs     [4]int32
}

func (s *infoScan) dest() []any {
	return []any{&s.i.ID, &s.i.CreatedAt, &s.i.CreatedBy, &s.asOf, &s.i.Stable, &s.accounts,
		&s.segs[0], &s.segs[1], &s.segs[2], &s.segs[3]}
}

func (s *infoScan) done() workspace.SnapshotInfo {
	i := s.i
	// pgx gives times in the local zone; the workspace's are UTC.
	i.CreatedAt = i.CreatedAt.UTC()
	i.AsOf = slcs.Day(s.asOf)
	i.Accounts = int(s.accounts)
	for k, n := range s.segs {
		i.Segments[k] = int(n)
	}
	return i
}

// isoScan scans the columns of isoSelect into x; call done after each row.
type isoScan struct {
	x      workspace.SnapshotISO
	buyers int32
}

func (s *isoScan) dest() []any {
	x := &s.x
	return []any{&x.Product, &x.Kind, &x.Cents, &x.Spend, &s.buyers, &x.Adoption, &x.High, &x.Typical}
}

func (s *isoScan) done() workspace.SnapshotISO {
	x := s.x
	x.Buyers = int(s.buyers)
	return x
}

// Snapshots lists the snapshots, oldest first.
func (s *Store) Snapshots(ctx context.Context) ([]workspace.SnapshotInfo, error) {
	var sc infoScan
	var list []workspace.SnapshotInfo
	rows, err := s.pool.Query(ctx, "SELECT "+infoColumns+" FROM snapshots s ORDER BY s.id")
	if err != nil {
		return nil, wrap("listing snapshots", err)
	}
	_, err = pgx.ForEachRow(rows, sc.dest(), func() error {
		list = append(list, sc.done())
		return nil
	})
	if err != nil {
		return nil, wrap("listing snapshots", err)
	}
	return list, nil
}

// readOnly runs fn in a REPEATABLE READ, READ ONLY transaction, so that its
// queries agree with each other.
func (s *Store) readOnly(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, fn)
}

// Snapshot returns snapshot id with its accounts (by account id) and their
// ISOs (by product), its time plan (by seller) and its audit (by person).
func (s *Store) Snapshot(ctx context.Context, id int64) (*workspace.Snapshot, error) {
	var snap workspace.Snapshot
	err := s.readOnly(ctx, func(tx pgx.Tx) error {
		var info infoScan
		var settings []byte
		err := tx.QueryRow(ctx, "SELECT "+infoColumns+", s.settings FROM snapshots s WHERE s.id = $1", id).
			Scan(append(info.dest(), &settings)...)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("snapshot %d: %w", id, workspace.ErrNotFound)
		}
		if err != nil {
			return err
		}
		snap.SnapshotInfo = info.done()
		if err := json.Unmarshal(settings, &snap.Settings); err != nil {
			return fmt.Errorf("snapshot %d: settings: %w", id, err)
		}

		// COLLATE "C" sorts by bytes, as Go compares strings, whatever the
		// database's collation.
		var sc accountScan
		index := map[string]int{}
		rows, err := tx.Query(ctx, "SELECT "+accountSelect+
			` FROM snapshot_accounts a WHERE a.snapshot_id = $1 ORDER BY a.account_id COLLATE "C"`, id)
		if err != nil {
			return err
		}
		_, err = pgx.ForEachRow(rows, sc.dest(), func() error {
			index[sc.a.AccountID] = len(snap.Accounts)
			snap.Accounts = append(snap.Accounts, sc.done())
			return nil
		})
		if err != nil {
			return err
		}

		var account string
		var iso isoScan
		rows, err = tx.Query(ctx, `SELECT account_id, `+isoSelect+` FROM snapshot_isos
		    WHERE snapshot_id = $1 ORDER BY account_id COLLATE "C", product COLLATE "C"`, id)
		if err != nil {
			return err
		}
		_, err = pgx.ForEachRow(rows, append([]any{&account}, iso.dest()...), func() error {
			if i, ok := index[account]; ok {
				snap.Accounts[i].ISOs = append(snap.Accounts[i].ISOs, iso.done())
			}
			return nil
		})
		if err != nil {
			return err
		}

		var p model.TimePlan
		var accounts [4]int32
		rows, err = tx.Query(ctx, `SELECT seller, capacity, key_accounts, maintenance_accounts,
		    growth_potential_accounts, service_accounts, key_share, maintenance_share, growth_potential_share,
		    service_share FROM snapshot_sellers WHERE snapshot_id = $1 ORDER BY seller COLLATE "C"`, id)
		if err != nil {
			return err
		}
		_, err = pgx.ForEachRow(rows, []any{&p.Seller, &p.Capacity, &accounts[slcs.Key], &accounts[slcs.Maintenance],
			&accounts[slcs.GrowthPotential], &accounts[slcs.Service], &p.Share[slcs.Key], &p.Share[slcs.Maintenance],
			&p.Share[slcs.GrowthPotential], &p.Share[slcs.Service]}, func() error {
			for k, n := range accounts {
				p.Accounts[k] = int(n)
			}
			snap.Sellers = append(snap.Sellers, p)
			return nil
		})
		if err != nil {
			return err
		}

		var r model.AuditRow
		var owned int32
		rows, err = tx.Query(ctx, `SELECT person, owned_accounts, capacity, key_actual, maintenance_actual,
		    growth_potential_actual, service_actual, key_recommended, maintenance_recommended,
		    growth_potential_recommended, service_recommended, misallocation, has_misallocation
		    FROM snapshot_audit WHERE snapshot_id = $1 ORDER BY person COLLATE "C"`, id)
		if err != nil {
			return err
		}
		_, err = pgx.ForEachRow(rows, []any{&r.Person, &owned, &r.Capacity, &r.Actual[slcs.Key],
			&r.Actual[slcs.Maintenance], &r.Actual[slcs.GrowthPotential], &r.Actual[slcs.Service],
			&r.Recommended[slcs.Key], &r.Recommended[slcs.Maintenance], &r.Recommended[slcs.GrowthPotential],
			&r.Recommended[slcs.Service], &r.Misallocation, &r.HasMisallocation}, func() error {
			r.OwnedAccounts = int(owned)
			snap.Audit = append(snap.Audit, r)
			return nil
		})
		return err
	})
	if err != nil {
		return nil, wrap("reading a snapshot", err)
	}
	return &snap, nil
}

// History returns the account in every snapshot that has it, oldest first.
func (s *Store) History(ctx context.Context, accountID string) ([]workspace.HistoryPoint, error) {
	var points []workspace.HistoryPoint
	err := s.readOnly(ctx, func(tx pgx.Tx) error {
		var info infoScan
		var sc accountScan
		index := map[int64]int{}
		rows, err := tx.Query(ctx, "SELECT "+infoColumns+", "+accountSelect+
			` FROM snapshot_accounts a JOIN snapshots s ON s.id = a.snapshot_id
			WHERE a.account_id = $1 ORDER BY s.id`, accountID)
		if err != nil {
			return err
		}
		_, err = pgx.ForEachRow(rows, append(info.dest(), sc.dest()...), func() error {
			p := workspace.HistoryPoint{Snapshot: info.done(), Account: sc.done()}
			index[p.Snapshot.ID] = len(points)
			points = append(points, p)
			return nil
		})
		if err != nil {
			return err
		}

		var snapshotID int64
		var iso isoScan
		rows, err = tx.Query(ctx, `SELECT snapshot_id, `+isoSelect+` FROM snapshot_isos
		    WHERE account_id = $1 ORDER BY snapshot_id, product COLLATE "C"`, accountID)
		if err != nil {
			return err
		}
		_, err = pgx.ForEachRow(rows, append([]any{&snapshotID}, iso.dest()...), func() error {
			if i, ok := index[snapshotID]; ok {
				points[i].Account.ISOs = append(points[i].Account.ISOs, iso.done())
			}
			return nil
		})
		return err
	})
	if err != nil {
		return nil, wrap("reading the history of an account", err)
	}
	return points, nil
}

// inForce selects the override of account $1 in force on day $2: not
// lifted, and not expired before that day.
const inForce = `account_id = $1 AND lifted_at IS NULL AND (until_day IS NULL OR until_day >= $2)`

// SetOverride lifts the override of o.AccountID in force on the day of o.At
// (by o.By, at o.At) and adds o. o's ID and lifted fields are ignored: the
// new override gets the next id and is in force.
func (s *Store) SetOverride(ctx context.Context, o workspace.Override) error {
	if int(o.Segment) >= len(slcs.Segments) {
		return fmt.Errorf("postgres: setting an override: no segment %d", o.Segment)
	}
	var until any // NULL: until lifted
	if o.HasUntil {
		until = int32(o.Until)
	}
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, func(tx pgx.Tx) error {
		// The lock serializes the writers of overrides: without it two
		// concurrent SetOverrides of one account would each lift only what
		// was in force before both, and leave two in force.
		if err := lock(ctx, tx, lockOverrides); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "UPDATE overrides SET lifted_at = $3, lifted_by = $4 WHERE "+inForce,
			o.AccountID, int32(slcs.DayOf(o.At)), o.At, o.By)
		if err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRow(ctx, "SELECT COALESCE(max(id), 0) + 1 FROM overrides").Scan(&id); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO overrides (id, account_id, segment, reason, set_by, set_at, until_day)
		    VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			id, o.AccountID, int16(o.Segment), o.Reason, o.By, o.At, until)
		return err
	})
	return wrap("setting an override", err)
}

// LiftOverride ends the override of accountID in force on the day of at.
func (s *Store) LiftOverride(ctx context.Context, accountID, by string, at time.Time) error {
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, func(tx pgx.Tx) error {
		if err := lock(ctx, tx, lockOverrides); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, "UPDATE overrides SET lifted_at = $3, lifted_by = $4 WHERE "+inForce,
			accountID, int32(slcs.DayOf(at)), at, by)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("no override of account %q in force: %w", accountID, workspace.ErrNotFound)
		}
		return nil
	})
	return wrap("lifting an override", err)
}

// Overrides lists every override, oldest first.
func (s *Store) Overrides(ctx context.Context) ([]workspace.Override, error) {
	var list []workspace.Override
	var o workspace.Override
	var segment int16
	var until pgtype.Int4
	var liftedAt pgtype.Timestamptz
	var liftedBy pgtype.Text
	rows, err := s.pool.Query(ctx, `SELECT id, account_id, segment, reason, set_by, set_at, until_day,
	    lifted_at, lifted_by FROM overrides ORDER BY id`)
	if err != nil {
		return nil, wrap("listing overrides", err)
	}
	_, err = pgx.ForEachRow(rows, []any{&o.ID, &o.AccountID, &segment, &o.Reason, &o.By, &o.At, &until, &liftedAt, &liftedBy}, func() error {
		v := o
		v.Segment = slcs.Segment(segment)
		v.At = o.At.UTC()
		v.Until, v.HasUntil = slcs.Day(until.Int32), until.Valid
		v.LiftedAt, v.LiftedBy = time.Time{}, liftedBy.String
		if liftedAt.Valid {
			v.LiftedAt = liftedAt.Time.UTC()
		}
		list = append(list, v)
		return nil
	})
	if err != nil {
		return nil, wrap("listing overrides", err)
	}
	return list, nil
}
