// Package bench holds the end-to-end benchmarks of slcs (go test -bench .
// ./bench/) and compare.sh, which measures slcs against the same model
// written as DuckDB SQL. docs/performance.md has the figures.
package bench
