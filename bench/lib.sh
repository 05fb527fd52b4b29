# Shared by the benchmark scripts, so that each runs on a fresh machine: the Debian packages a script needs,
# and its Maven build. Source it from a script: . "$(dirname "$0")/../lib.sh" (bench/startup.sh: bench/lib.sh).

# bench_need COMMAND=PACKAGE...: installs the Debian packages of the commands that are missing, with apt-get
# as scripts/install-test-deps.sh does (idempotent: nothing is fetched when every command is there; sudo
# when not root). Without apt-get, says which packages to install and exits.
bench_need() {
  local pair cmd pkg missing=()
  for pair in "$@"; do
    cmd="${pair%%=*}"
    pkg="${pair#*=}"
    if ! command -v "$cmd" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$cmd" ] && [[ " ${missing[*]:-} " != *" $pkg "* ]]; then
      missing+=("$pkg")
    fi
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "this benchmark needs the Debian packages ${missing[*]} (or their commands on the PATH)" >&2
    exit 1
  fi
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing Debian packages: ${missing[*]}" >&2
  # The package lists may be missing or stale on a fresh machine: refresh them when the first try fails.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}" >&2 \
    || { $sudo apt-get update -q >&2 \
         && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}" >&2; } \
    || { echo "could not install ${missing[*]}; install them and run again" >&2; exit 1; }
}

# The JDK and Maven every build here needs.
bench_need_build_tools() {
  bench_need java=openjdk-17-jdk-headless javac=openjdk-17-jdk-headless mvn=maven
}

# bench_mvn ARGS...: Maven in batch mode, online, so that a clean local repository gets the plugins and
# dependencies from Maven Central on the first run (offline mode, -o, fails there); once they are in the local
# repository no later run downloads them again. MAVEN_OPTS chooses another repository
# (-Dmaven.repo.local=DIR) as usual.
bench_mvn() {
  mvn -B -q "$@"
}

# bench_module_classpath MODULE: builds MODULE and what it depends on, and prints its runtime classpath
# (its classes first), for a benchmark that runs a Java source file against it.
bench_module_classpath() {
  local module=$1 cp_file
  cp_file=$(mktemp)
  # -am builds the modules it depends on in the same run (the last module written, MODULE's, wins the file)
  # Maven's errors go to stderr, and a failed build fails the caller (cp=$(...) under set -e) instead of
  # handing it a classpath without the module's dependencies.
  bench_mvn -pl "$module" -am -DskipTests package dependency:build-classpath -Dmdep.includeScope=runtime \
      -Dmdep.outputFile="$cp_file" >&2 || { rm -f "$cp_file"; return 1; }
  echo "$module/target/classes:$(cat "$cp_file")"
  rm -f "$cp_file"
}

# free_port: a TCP port free on 127.0.0.1 now (the kernel's choice; UDP on the same number is almost always free too).
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
# free_udp_range COUNT LOW HIGH: an even port starting COUNT consecutive free UDP ports between LOW and HIGH (below the ephemeral range)
free_udp_range() {
  python3 - "$1" "$2" "$3" <<'PY'
import socket, sys
count, low, high = map(int, sys.argv[1:])
def free(p):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.bind(("127.0.0.1", p)); return True
    except OSError:
        return False
    finally:
        s.close()
base = low
while base + count <= high:
    bad = next((p for p in range(base, base + count) if not free(p)), None)
    if bad is None:
        print(base); sys.exit(0)
    base = bad + 1 + (bad + 1) % 2
sys.exit("no %d free UDP ports between %d and %d" % (count, low, high))
PY
}
