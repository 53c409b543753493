package tmpdeps

import (
	_ "github.com/alecthomas/participle/v2"
	_ "github.com/aymanbagabas/go-udiff"
	_ "github.com/gofrs/flock"
	_ "github.com/google/renameio/v2"
	_ "github.com/rogpeppe/go-internal/testscript"
	_ "github.com/stretchr/testify/assert"
	_ "github.com/stretchr/testify/require"
	_ "github.com/tidwall/gjson"
	_ "github.com/tidwall/sjson"
	_ "go.yaml.in/yaml/v3"
	_ "github.com/rogpeppe/go-internal/txtar"
)
