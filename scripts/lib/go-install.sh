# Sourced by the scripts/ensure-*.sh that build a pinned tool from the Go module proxy.
#
# go_install_into <gobin> <log> <package@version>...
#   `go install`s the packages into <gobin>, appending the build's output to <log>; returns go's
#   status. Niced: the builds are CPU-heavy and the machine may be shared. No VCS stamping (a
#   module download has no repository to read it from).
go_install_into() {
  local gobin="$1" log="$2"
  shift 2
  command -v go >/dev/null 2>&1 || { echo "go is required to build $*" >&2; return 1; }
  mkdir -p "$gobin"
  GOBIN="$gobin" GOFLAGS="${GOFLAGS:--buildvcs=false}" nice -n 10 go install "$@" >>"$log" 2>&1
}
