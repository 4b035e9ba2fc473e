// Package auth decides who may do what: it hashes and checks passwords,
// makes the secrets of sessions and API tokens, limits failed sign-ins,
// times sessions out, and holds the policy of the roles. The dashboard, the
// REST API and the command line ask it, and nothing else, whether a user
// may see an account or take an action. It keeps nothing: the workspace
// stores users, sessions and tokens.
package auth

import (
	"strings"

	"github.com/slcs/slcs/workspace"
)

// Principal is who acts: a signed-in user, the user of an API token, or the
// local user of a server that has no users.
type Principal struct {
	Email string
	Role  workspace.Role
	// Seller is, for a seller, the owner email of their accounts,
	// lower-cased; it means nothing for the other roles.
	Seller string
	// Local marks the single local user of a server with no users, who
	// acts as an admin whatever Role says.
	Local bool
}

// PrincipalOf is the principal of a user: Seller is u.Seller or, when it
// is empty, u.Email, trimmed and lower-cased. A disabled user gets the zero
// Principal, which may do nothing; callers refuse disabled users before
// asking.
func PrincipalOf(u workspace.User) Principal {
	if u.Disabled {
		return Principal{}
	}
	seller := normOwner(u.Seller)
	if seller == "" {
		seller = normOwner(u.Email)
	}
	return Principal{Email: normOwner(u.Email), Role: u.Role, Seller: seller}
}

// Action is something a principal may be allowed to do.
type Action string

// The actions.
const (
	// ActViewPortfolio: see the dashboard, the portfolio, snapshots and
	// account histories; which accounts, SeesAccount says. Every role.
	ActViewPortfolio Action = "portfolio.view"
	// ActSetOverride: pin an account to a segment or lift the pin; on
	// which accounts, MayOverride says. Admins, leaders and sellers.
	ActSetOverride Action = "override.set"
	// ActImport: import the portfolio (accounts, team, activities,
	// revenue). Admins.
	ActImport Action = "import"
	// ActClassify: run a classification and save its snapshot. Admins and
	// leaders.
	ActClassify Action = "classify"
	// ActManageUsers: add users, change their roles, sellers and passwords,
	// disable them, end their sessions. Admins.
	ActManageUsers Action = "users.manage"
	// ActReadSettings: read the model's settings. Every role.
	ActReadSettings Action = "settings.read"
	// ActWriteSettings: change the model's settings. Admins.
	ActWriteSettings Action = "settings.write"
	// ActReadAudit: read the audit log. Admins.
	ActReadAudit Action = "audit.read"
	// ActManageOwnTokens: create, list and revoke one's own API tokens,
	// which act with one's own role. Every role.
	ActManageOwnTokens Action = "tokens.own"
	// ActManageAllTokens: list and revoke the API tokens of every user.
	// Admins.
	ActManageAllTokens Action = "tokens.all"
)

// Actions lists every action.
var Actions = []Action{
	ActViewPortfolio, ActSetOverride, ActImport, ActClassify, ActManageUsers,
	ActReadSettings, ActWriteSettings, ActReadAudit, ActManageOwnTokens, ActManageAllTokens,
}

// policy is, for each role, the actions it may take. An admin may take
// every action.
var policy = map[workspace.Role]map[Action]bool{
	workspace.RoleLeader: {
		ActViewPortfolio: true, ActSetOverride: true, ActClassify: true,
		ActReadSettings: true, ActManageOwnTokens: true,
	},
	workspace.RoleSeller: {
		ActViewPortfolio: true, ActSetOverride: true,
		ActReadSettings: true, ActManageOwnTokens: true,
	},
	workspace.RoleViewer: {
		ActViewPortfolio: true, ActReadSettings: true, ActManageOwnTokens: true,
	},
}

// admin tells whether p has every right.
func (p Principal) admin() bool {
	return p.Local || p.Role == workspace.RoleAdmin
}

// Can tells whether p may take action a. An unknown role or action may
// nothing.
func (p Principal) Can(a Action) bool {
	if p.admin() {
		for _, x := range Actions {
			if a == x {
				return true
			}
		}
		return false
	}
	return policy[p.Role][a]
}

// SeesAll tells whether p sees every account: every role but seller does.
func (p Principal) SeesAll() bool {
	return p.Can(ActViewPortfolio) && (p.admin() || p.Role != workspace.RoleSeller)
}

// SeesAccount tells whether p may see an account whose owner (as written in
// the portfolio) is owner: every role but seller sees every account; a
// seller sees the accounts whose owner, trimmed and lower-cased, is
// p.Seller, and none without an owner.
func (p Principal) SeesAccount(owner string) bool {
	if p.SeesAll() {
		return true
	}
	if p.Role != workspace.RoleSeller || !p.Can(ActViewPortfolio) {
		return false
	}
	seller := normOwner(p.Seller)
	return seller != "" && normOwner(owner) == seller
}

// MayOverride tells whether p may set or lift the override of an account
// whose owner is owner: admins and leaders on every account, sellers on
// the accounts they see, viewers never.
func (p Principal) MayOverride(owner string) bool {
	return p.Can(ActSetOverride) && p.SeesAccount(owner)
}

// normOwner is an owner or email as compared: trimmed and lower-cased.
func normOwner(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}
