package momoconf

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// Table renders the status for a terminal, as wide at 250 hosts as at
// three: a row for each member (its role, address, mta_id and tree), a
// column for each kind of list holding "listed/lists" (how many of the
// lists of that kind name the member; "-" for none), a legend of the
// columns, then the trees and the drift.
func (s *Status) Table() string {
	cols := s.columns()
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprint(w, "MEMBER\tROLE\tIP\tMTA_ID\tTREE")
	for _, col := range cols {
		fmt.Fprint(w, "\t", col.short)
	}
	fmt.Fprintln(w)
	for _, m := range s.Members {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s", m.Host, rolesText(m.Roles), dash(m.IP), dash(idText(m.MTAID)), dash(m.Tree))
		for _, col := range cols {
			fmt.Fprint(w, "\t", col.cell(m.Host))
		}
		fmt.Fprintln(w)
	}
	_ = w.Flush()
	if len(cols) > 0 {
		b.WriteString("each column: how many of the lists of its kind name the member (- none)\n")
	}
	for _, col := range cols {
		fmt.Fprintf(&b, "  %-5s %s (%d file(s))\n", col.short, col.field, len(col.lists))
	}
	for _, t := range s.Trees {
		switch {
		case t.Removed && t.ListenAddress == "":
			fmt.Fprintf(&b, "tree %s is node %s (by its folder name), which the other trees no longer list: its files are not counted\n", t.Tree, t.Node)
		case t.Removed:
			fmt.Fprintf(&b, "tree %s is node %s (listen_address %s), which the other trees no longer list: its files are not counted\n", t.Tree, t.Node, t.ListenAddress)
		case t.Node != "" && t.ListenAddress == "":
			fmt.Fprintf(&b, "tree %s is node %s (by its folder name)\n", t.Tree, t.Node)
		case t.Node != "":
			fmt.Fprintf(&b, "tree %s is node %s (listen_address %s)\n", t.Tree, t.Node, t.ListenAddress)
		}
	}
	b.WriteString(s.versionsLine())
	if len(s.Drift) == 0 {
		b.WriteString("no drift: every list names the members it should\n")
	}
	for _, d := range s.Drift {
		fmt.Fprintf(&b, "drift: %s\n", d)
	}
	return b.String()
}

// column is one kind of list: the lists of one field.
type column struct {
	short, field string
	lists        []int          // indexes into Status.Lists
	listed       map[string]int // member → how many of the lists name it
}

// columns groups the lists by field: the lists of Platform nodes first,
// in the order of their kinds, then those of Analytics nodes, upstreams
// before the JSON arrays.
func (s *Status) columns() []*column {
	var cols []*column
	byField := map[string]*column{}
	for i, l := range s.Lists {
		col, ok := byField[l.Field]
		if !ok {
			short := l.short
			if short == "" {
				short = strings.ToUpper(l.Field)
			}
			col = &column{short: short, field: l.Field}
			byField[l.Field] = col
			cols = append(cols, col)
		}
		col.lists = append(col.lists, i)
	}
	rank := func(c *column) int {
		l := s.Lists[c.lists[0]]
		switch {
		case l.role != RoleAnalytics:
			return 0
		case strings.HasPrefix(l.Field, "upstream "):
			return 1
		}
		return 2
	}
	slices.SortStableFunc(cols, func(a, b *column) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(s.Lists[a.lists[0]].Kind, s.Lists[b.lists[0]].Kind))
	})
	for _, col := range cols {
		col.count(s)
	}
	return cols
}

// count tallies, for each member, how many of the column's lists name
// it, reading the lists of identical files once.
func (col *column) count(s *Status) {
	copies := map[*listGroup]int{} // a shared list → how many lists are copies of it
	var first []*ListStatus        // one list for each shared list, then every list made by hand
	for _, i := range col.lists {
		l := &s.Lists[i]
		if l.group != nil {
			if copies[l.group]++; copies[l.group] > 1 {
				continue
			}
		}
		first = append(first, l)
	}
	col.listed = map[string]int{}
	for _, l := range first {
		n := 1
		if l.group != nil {
			n = copies[l.group]
		}
		for member := range l.Members {
			col.listed[member] += n
		}
	}
}

// cell says how many of the column's lists name the member.
func (col *column) cell(member string) string {
	n := col.listed[member]
	if n == 0 {
		return "-"
	}
	return fmt.Sprintf("%d/%d", n, len(col.lists))
}

func rolesText(roles []Role) string {
	var out []string
	for _, r := range roles {
		if r == RolePeer {
			out = append(out, "peer (log aggregator or cluster manager)")
		} else {
			out = append(out, string(r))
		}
	}
	return strings.Join(out, "+")
}

func idText(id int) string {
	if id == 0 {
		return ""
	}
	return strconv.Itoa(id)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
