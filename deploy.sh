#!/usr/bin/env bash
# Builds Haul and deploys it to AWS with SAM: ./deploy.sh --help says how.
# Every command that touches the build or AWS is printed as "+ command" before it runs; --dry-run prints them
# without running any of them. HAUL_MVN replaces ./mvnw (the tests use it to stub the build).
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: ./deploy.sh [--stack NAME] [--region REGION] [--jvm|--native] [--arch x86_64|arm64]
                   [--param KEY=VALUE]... [--dry-run] [--help]

Builds the Lambda package and deploys infra/template.yaml with SAM. Running it again updates the stack.

  --stack NAME       CloudFormation stack name (default: haul)
  --region REGION    AWS region (default: $AWS_REGION, else $AWS_DEFAULT_REGION, else us-east-1)
  --native           build a native binary in a container, runtime provided.al2023 (default)
  --jvm              build the JVM package, runtime java21; SnapStart needs a /tmp of at most 512 MiB,
                     so add --param EphemeralStorageSize=512 to get it
  --arch ARCH        x86_64 (default) or arm64; the native build then targets linux/arm64
  --param KEY=VALUE  extra template parameter, e.g. --param ApiAuth=JWT (repeatable; no blanks in
                     VALUE: --param 'ScheduleInput={"urls":["https://example.org/a"]}')
  --dry-run          print the commands that would run, one per line, and run none of them
                     (no build, no AWS call, no credential or container check)
  --help             show this help

Needs: Java 17+, the AWS CLI (aws), the SAM CLI (sam), AWS credentials, and for --native a running
Docker or Podman.
EOF
}

# Prints a usage error and exits with 2, the status for a wrong command line.
usage_error() {
  printf 'deploy.sh: %s\n\n' "$1" >&2
  usage >&2
  exit 2
}

fail() {
  printf 'deploy.sh: %s\n' "$1" >&2
  exit 1
}

note() {
  printf '%s\n' "$1" >&2
}

# Quotes one word for display the way a shell would read it back; plain words stay as they are.
quoted() {
  if [[ "$1" =~ ^[A-Za-z0-9_./:=,@+-]+$ ]]; then
    printf '%s' "$1"
  elif [[ "$1" != *"'"* ]]; then
    printf "'%s'" "$1"
  elif [[ "$1" != *[\"\$\`\\!]* ]]; then
    printf '"%s"' "$1"
  else
    printf "'%s'" "${1//\'/\'\\\'\'}"
  fi
}

# Prints a command as "+ word word ..." on stdout.
show() {
  local line="+" word
  for word in "$@"; do
    line+=" $(quoted "$word")"
  done
  printf '%s\n' "$line"
}

# Shows a command, then runs it unless this is a dry run.
run() {
  show "$@"
  if [[ "$dry_run" == false ]]; then
    "$@"
  fi
}

stack=haul
region="${AWS_REGION:-${AWS_DEFAULT_REGION:-us-east-1}}"
runtime=native
arch=x86_64
dry_run=false
extra_params=()

while (($# > 0)); do
  case "$1" in
    --stack | --region | --arch | --param)
      if (($# < 2)) || [[ -z "$2" ]]; then
        usage_error "$1 needs a value"
      fi
      case "$1" in
        --stack) stack="$2" ;;
        --region) region="$2" ;;
        --arch) arch="$2" ;;
        --param) extra_params+=("$2") ;;
      esac
      shift 2
      ;;
    --jvm) runtime=jvm; shift ;;
    --native) runtime=native; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage_error "unknown option: $1" ;;
  esac
done

[[ "$arch" == x86_64 || "$arch" == arm64 ]] || usage_error "--arch must be x86_64 or arm64, not: $arch"
[[ "$stack" =~ ^[A-Za-z][A-Za-z0-9-]*$ ]] || usage_error "--stack must start with a letter and hold only letters, digits and -: $stack"
for param in "${extra_params[@]+"${extra_params[@]}"}"; do
  # SAM reads an unquoted override value up to the first blank, so a value must not hold one.
  [[ "$param" =~ ^[A-Za-z0-9]+=[^[:space:]]*$ ]] || usage_error "--param takes KEY=VALUE with no blanks, not: $param"
done

if [[ "${BASH_SOURCE[0]}" == */* ]]; then
  cd "${BASH_SOURCE[0]%/*}"
fi
mvn="${HAUL_MVN:-./mvnw}"

# ---------------------------------------------------------------- prerequisites

# Prints the major version of the java that Maven will run, or nothing when there is none.
java_major() {
  local java="java" banner
  if [[ -n "${JAVA_HOME:-}" ]]; then
    java="$JAVA_HOME/bin/java"
  fi
  command -v "$java" >/dev/null 2>&1 || return 0
  banner="$("$java" -version 2>&1)" || return 0
  if [[ "$banner" =~ version\ \"1\.([0-9]+) ]]; then
    printf '%s' "${BASH_REMATCH[1]}"
  elif [[ "$banner" =~ version\ \"([0-9]+) ]]; then
    printf '%s' "${BASH_REMATCH[1]}"
  fi
}

check_local_tools() {
  local missing=() major
  command -v sam >/dev/null 2>&1 || missing+=("the AWS SAM CLI ('sam')")
  command -v aws >/dev/null 2>&1 || missing+=("the AWS CLI ('aws')")
  major="$(java_major)"
  if [[ -z "$major" ]]; then
    missing+=("Java 17 or later ('java' on PATH or JAVA_HOME)")
  elif ((major < 17)); then
    missing+=("Java 17 or later (found Java $major)")
  fi
  if ((${#missing[@]} > 0)); then
    local item
    note "deploy.sh: missing prerequisites:"
    for item in "${missing[@]}"; do
      note "  - $item"
    done
    if [[ "$dry_run" == true ]]; then
      note "(dry run: going on, a real run would stop here)"
    else
      exit 1
    fi
  fi
}

check_credentials() {
  local account
  account="$(aws sts get-caller-identity --region "$region" --query Account --output text)" \
    || fail "no usable AWS credentials: 'aws sts get-caller-identity' failed (run 'aws configure' or set AWS_PROFILE)"
  note "Deploying as AWS account $account to $region."
}

check_container_engine() {
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    return 0
  fi
  if command -v podman >/dev/null 2>&1 && podman info >/dev/null 2>&1; then
    return 0
  fi
  fail "the native build runs in a container, but neither 'docker info' nor 'podman info' reached a running engine (start one, or deploy with --jvm)"
}

check_local_tools
if [[ "$dry_run" == true ]]; then
  note "Dry run: skipping the credential check (aws sts get-caller-identity) and the container engine check; nothing below runs."
else
  check_credentials
  if [[ "$runtime" == native ]]; then
    check_container_engine
  fi
fi

# ---------------------------------------------------------------- build

build=("$mvn" -B package -DskipTests)
if [[ "$runtime" == native ]]; then
  build+=(-Dnative -Dquarkus.native.container-build=true)
  if [[ "$arch" == arm64 ]]; then
    build+=(-Dquarkus.native.container-runtime-options=--platform=linux/arm64)
  fi
fi
run "${build[@]}"
if [[ "$dry_run" == false && ! -f target/function.zip ]]; then
  fail "the build finished but left no target/function.zip to deploy"
fi

# ---------------------------------------------------------------- deploy

run sam deploy \
  --template-file infra/template.yaml \
  --stack-name "$stack" \
  --region "$region" \
  --capabilities CAPABILITY_IAM \
  --resolve-s3 \
  --no-confirm-changeset \
  --no-fail-on-empty-changeset \
  --parameter-overrides "Runtime=$runtime" "Architecture=$arch" "${extra_params[@]+"${extra_params[@]}"}"

outputs_query="Stacks[0].Outputs[?OutputKey=='ApiUrl'||OutputKey=='QueueUrl'||OutputKey=='BucketName'].[OutputKey,OutputValue]"
show aws cloudformation describe-stacks --stack-name "$stack" --region "$region" --query "$outputs_query" --output text
if [[ "$dry_run" == false ]]; then
  outputs="$(aws cloudformation describe-stacks --stack-name "$stack" --region "$region" \
    --query "$outputs_query" --output text)" || fail "the stack deployed, but its outputs could not be read"
  printf '\nStack %s in %s:\n' "$stack" "$region"
  while IFS=$'\t' read -r key value; do
    if [[ -n "$key" ]]; then
      printf '  %-11s %s\n' "$key" "$value"
    fi
  done <<<"$outputs"
fi
