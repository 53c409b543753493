package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/momoconf/momoconf"
	"github.com/momoconf/momoconf/filekind"
	"github.com/momoconf/momoconf/internal/filecheck"
	"github.com/momoconf/momoconf/srcpos"
)

var checkCmd = &command{
	name: "check",
	summary: "check parses each FILE with its format's parser and exits 0 when all parse, or 2, printing FILE:LINE:COL: message for each that does not. " +
		"The format comes from each file's name (msg_gen.conf, an upstream, an application's production.json, cassandra.yaml; any .json, .yaml or .yml; a .conf below nginx/ or conf.d/, or below ecelerity/), " +
		"or from --kind: a file kind as add-to-files takes it, or a format: ecelerity, nginx, json, yaml. " +
		"It fits Ansible's validate (validate: momoconf check --kind ecelerity %s), a pre-commit hook and a CI step.",
	usage:   "check [--kind KIND|FORMAT] [--json] FILE...",
	example: "momoconf check --kind ecelerity /opt/msys/ecelerity/etc/conf/default/ecelerity.conf /opt/msys/ecelerity/etc/conf/default/msg_gen.conf",
}

func init() { checkCmd.run = runCheck }

// checkResult is what check says of one file: the file, with the line
// and column of its first fault, if any (file, line and column, as every
// place is spelt), its kind (when it is a member-listing file) and
// format, and the fault in words.
type checkResult struct {
	srcpos.Position                  // the file as named, and where its fault is
	Kind            string           `json:"kind,omitempty"`
	Format          filecheck.Format `json:"format,omitempty"`
	OK              bool             `json:"ok"`
	Message         string           `json:"message,omitempty"` // "file:line:col: what is wrong"
}

func runCheck(c *cliContext, args []string) int {
	var kind string
	var asJSON bool
	fs := flag.NewFlagSet(checkCmd.name, flag.ContinueOnError)
	fs.StringVar(&kind, "kind", "", "the kind or format of every FILE: ecelerity, nginx, json, yaml, or a file kind: "+kindNames())
	fs.BoolVar(&asJSON, "json", false, "print the result of every file as a JSON list")
	files, code, ok := checkCmd.parse(c, fs, args)
	if !ok {
		return code
	}
	if len(files) == 0 {
		return c.usageError(checkCmd, "name at least one FILE")
	}
	k, f, msg := checkKind(kind)
	if msg != "" {
		return c.usageError(checkCmd, msg)
	}
	results := make([]checkResult, len(files))
	failed := false
	for i, name := range files {
		results[i] = checkFile(name, k, f)
		failed = failed || !results[i].OK
	}
	if asJSON {
		if err := writeJSON(c.stdout, results); err != nil {
			return c.fail(err)
		}
	} else {
		for _, r := range results {
			if !r.OK {
				fmt.Fprintln(c.stderr, r.Message)
			}
		}
	}
	if failed {
		return exitError
	}
	return exitOK
}

// checkKind reads --kind: a format, or a file kind (and its format).
func checkKind(s string) (filekind.Kind, filecheck.Format, string) {
	if s == "" {
		return filekind.Unknown, "", ""
	}
	if f, err := filecheck.ParseFormat(s); err == nil {
		return filekind.Unknown, f, ""
	}
	k, err := filekind.Parse(s)
	if err != nil {
		return filekind.Unknown, "", fmt.Sprintf("--kind %s is neither a format (ecelerity, nginx, json, yaml) nor a file kind (%s)", s, kindNames())
	}
	return k, filecheck.FormatOfKind(k), ""
}

// checkFile parses the file name as a file of kind k, or else of format
// f, or else as its name tells.
func checkFile(name string, k filekind.Kind, f filecheck.Format) checkResult {
	if f == "" {
		k, f = filecheck.FormatOf(name)
	}
	r := checkResult{Position: srcpos.Position{Filename: name}, Format: f}
	if k != filekind.Unknown {
		r.Kind = k.String()
	}
	if f == "" {
		r.Message = name + ": cannot tell its format from its name; give --kind (ecelerity, nginx, json, yaml, or a file kind)"
		return r
	}
	src, err := os.ReadFile(name)
	if err == nil {
		if k != filekind.Unknown {
			err = momoconf.CheckKind(name, src, k)
		} else {
			err = filecheck.CheckFormat(name, src, f)
		}
	}
	if err == nil {
		r.OK = true
		return r
	}
	r.Message = strings.TrimSpace(err.Error())
	if pos, ok := srcpos.Find(err); ok {
		r.Line, r.Column = pos.Line, pos.Column
		if !strings.HasPrefix(r.Message, pos.String()) {
			r.Message = pos.String() + ": " + r.Message
		}
	} else if !strings.HasPrefix(r.Message, name) {
		r.Message = name + ": " + r.Message
	}
	return r
}
