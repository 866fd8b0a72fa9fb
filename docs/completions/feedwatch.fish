# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_feedwatch_global_optspecs
    string join \n log-format= log-level= h/help V/version
end

function __fish_feedwatch_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_feedwatch_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_feedwatch_using_subcommand
    set -l cmd (__fish_feedwatch_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c feedwatch -n "__fish_feedwatch_needs_command" -l log-format -d 'Log format on stderr: `auto` writes to the journal under systemd, text elsewhere' -r -f -a "auto\t'The journal when stderr is connected to it (under systemd), else text'
text\t'Human-readable lines on stderr'
json\t'One JSON object a line on stderr'
journald\t'Native journald records (falls back to text when there is no journal)'"
complete -c feedwatch -n "__fish_feedwatch_needs_command" -l log-level -d 'Log level filter, e.g. "info", "feedwatch=debug" [default: the config\'s `[log] level`, else "info"; RUST_LOG overrides both]' -r
complete -c feedwatch -n "__fish_feedwatch_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c feedwatch -n "__fish_feedwatch_needs_command" -s V -l version -d 'Print version'
complete -c feedwatch -n "__fish_feedwatch_needs_command" -f -a "check" -d 'Validate a config file and print what it defines'
complete -c feedwatch -n "__fish_feedwatch_needs_command" -f -a "run" -d 'Run the daemon: poll, match, alert, until SIGTERM or SIGINT; SIGHUP reloads the config'
complete -c feedwatch -n "__fish_feedwatch_needs_command" -f -a "poll" -d 'Poll feeds now and print what each poll found'
complete -c feedwatch -n "__fish_feedwatch_needs_command" -f -a "reload" -d 'Ask the running daemon to re-read its config (sends SIGHUP to the pid in its lock file)'
complete -c feedwatch -n "__fish_feedwatch_needs_command" -f -a "feeds" -d 'Show every configured feed\'s health: status, failures, items, last and next poll'
complete -c feedwatch -n "__fish_feedwatch_needs_command" -f -a "show" -d 'Show everything stored about an item: fields, story, matches, alerts, deliveries'
complete -c feedwatch -n "__fish_feedwatch_needs_command" -f -a "stories" -d 'List stories (the items of every outlet that reported one event), newest first; or show one story'
complete -c feedwatch -n "__fish_feedwatch_needs_command" -f -a "replicas" -d 'List the daemons sharing the database: live or not, their leased feeds and sink queues, last heartbeat, config hash'
complete -c feedwatch -n "__fish_feedwatch_needs_command" -f -a "migrate" -d 'Copy a SQLite database\'s state (feeds, items, stories, alerts, outbox, digests) into an empty PostgreSQL database'
complete -c feedwatch -n "__fish_feedwatch_needs_command" -f -a "discover" -d 'List the feeds an HTML page links to (`<link rel="alternate">`)'
complete -c feedwatch -n "__fish_feedwatch_needs_command" -f -a "opml" -d 'Export the configured feeds as OPML'
complete -c feedwatch -n "__fish_feedwatch_needs_command" -f -a "try" -d 'Run a query (or a topic) against the items already stored, newest first'
complete -c feedwatch -n "__fish_feedwatch_needs_command" -f -a "explain" -d 'Say why a stored item did or did not match a topic, term by term'
complete -c feedwatch -n "__fish_feedwatch_needs_command" -f -a "alerts" -d 'List alerts and their deliveries, or requeue failed ones'
complete -c feedwatch -n "__fish_feedwatch_needs_command" -f -a "feedback" -d 'Tell a topic whether an alert was relevant (its model learns from it); with no alert, list the verdicts; --undo takes one back'
complete -c feedwatch -n "__fish_feedwatch_needs_command" -f -a "sink" -d 'Sink tools'
complete -c feedwatch -n "__fish_feedwatch_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh or fish) on stdout'
complete -c feedwatch -n "__fish_feedwatch_needs_command" -f -a "man" -d 'Print the man page (roff) on stdout, or write every page into a directory'
complete -c feedwatch -n "__fish_feedwatch_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand check" -s c -l config -d 'The config file (TOML), e.g. /etc/feedwatch/feedwatch.toml' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand check" -l db -d 'Use this SQLite database instead of the config\'s `storage.path`' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand check" -l log-format -d 'Log format on stderr: `auto` writes to the journal under systemd, text elsewhere' -r -f -a "auto\t'The journal when stderr is connected to it (under systemd), else text'
text\t'Human-readable lines on stderr'
json\t'One JSON object a line on stderr'
journald\t'Native journald records (falls back to text when there is no journal)'"
complete -c feedwatch -n "__fish_feedwatch_using_subcommand check" -l log-level -d 'Log level filter, e.g. "info", "feedwatch=debug" [default: the config\'s `[log] level`, else "info"; RUST_LOG overrides both]' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand run" -s c -l config -d 'The config file (TOML), e.g. /etc/feedwatch/feedwatch.toml' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand run" -l db -d 'Use this SQLite database instead of the config\'s `storage.path`' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand run" -l log-format -d 'Log format on stderr: `auto` writes to the journal under systemd, text elsewhere' -r -f -a "auto\t'The journal when stderr is connected to it (under systemd), else text'
text\t'Human-readable lines on stderr'
json\t'One JSON object a line on stderr'
journald\t'Native journald records (falls back to text when there is no journal)'"
complete -c feedwatch -n "__fish_feedwatch_using_subcommand run" -l log-level -d 'Log level filter, e.g. "info", "feedwatch=debug" [default: the config\'s `[log] level`, else "info"; RUST_LOG overrides both]' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand run" -l once -d 'Do one full cycle (poll every feed, give every pending alert one attempt) and exit'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand poll" -s c -l config -d 'The config file (TOML), e.g. /etc/feedwatch/feedwatch.toml' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand poll" -l timeout -d 'Stop waiting for the polls after this long, e.g. "2m"; feeds not polled by then are reported as such' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand poll" -l db -d 'Use this SQLite database instead of the config\'s `storage.path`' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand poll" -l log-format -d 'Log format on stderr: `auto` writes to the journal under systemd, text elsewhere' -r -f -a "auto\t'The journal when stderr is connected to it (under systemd), else text'
text\t'Human-readable lines on stderr'
json\t'One JSON object a line on stderr'
journald\t'Native journald records (falls back to text when there is no journal)'"
complete -c feedwatch -n "__fish_feedwatch_using_subcommand poll" -l log-level -d 'Log level filter, e.g. "info", "feedwatch=debug" [default: the config\'s `[log] level`, else "info"; RUST_LOG overrides both]' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand poll" -l all -d 'Poll every configured feed'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand poll" -l json -d 'Print one JSON object per feed, a line each, as its poll ends (times in RFC 3339)'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand poll" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand reload" -s c -l config -d 'The config file (TOML), e.g. /etc/feedwatch/feedwatch.toml' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand reload" -l db -d 'Use this SQLite database instead of the config\'s `storage.path`' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand reload" -l log-format -d 'Log format on stderr: `auto` writes to the journal under systemd, text elsewhere' -r -f -a "auto\t'The journal when stderr is connected to it (under systemd), else text'
text\t'Human-readable lines on stderr'
json\t'One JSON object a line on stderr'
journald\t'Native journald records (falls back to text when there is no journal)'"
complete -c feedwatch -n "__fish_feedwatch_using_subcommand reload" -l log-level -d 'Log level filter, e.g. "info", "feedwatch=debug" [default: the config\'s `[log] level`, else "info"; RUST_LOG overrides both]' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand reload" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand feeds" -s c -l config -d 'The config file (TOML), e.g. /etc/feedwatch/feedwatch.toml' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand feeds" -l db -d 'Use this SQLite database instead of the config\'s `storage.path`' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand feeds" -l log-format -d 'Log format on stderr: `auto` writes to the journal under systemd, text elsewhere' -r -f -a "auto\t'The journal when stderr is connected to it (under systemd), else text'
text\t'Human-readable lines on stderr'
json\t'One JSON object a line on stderr'
journald\t'Native journald records (falls back to text when there is no journal)'"
complete -c feedwatch -n "__fish_feedwatch_using_subcommand feeds" -l log-level -d 'Log level filter, e.g. "info", "feedwatch=debug" [default: the config\'s `[log] level`, else "info"; RUST_LOG overrides both]' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand feeds" -l json -d 'Print JSON (times in RFC 3339) instead of a table'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand feeds" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand show" -s c -l config -d 'The config file (TOML), e.g. /etc/feedwatch/feedwatch.toml' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand show" -l db -d 'Use this SQLite database instead of the config\'s `storage.path`' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand show" -l log-format -d 'Log format on stderr: `auto` writes to the journal under systemd, text elsewhere' -r -f -a "auto\t'The journal when stderr is connected to it (under systemd), else text'
text\t'Human-readable lines on stderr'
json\t'One JSON object a line on stderr'
journald\t'Native journald records (falls back to text when there is no journal)'"
complete -c feedwatch -n "__fish_feedwatch_using_subcommand show" -l log-level -d 'Log level filter, e.g. "info", "feedwatch=debug" [default: the config\'s `[log] level`, else "info"; RUST_LOG overrides both]' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand show" -l json -d 'Print JSON (times in RFC 3339) instead of text'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand stories" -s c -l config -d 'The config file (TOML), e.g. /etc/feedwatch/feedwatch.toml' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand stories" -l since -d 'Only stories with a report first seen within this window, e.g. "2d"' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand stories" -l topic -d 'Only stories that alerted for this topic' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand stories" -l min-reports -d 'Only stories of at least this many reports (2: the ones joined across outlets or reports; its reports counted since any time)' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand stories" -l limit -d 'Show at most this many stories' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand stories" -l db -d 'Use this SQLite database instead of the config\'s `storage.path`' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand stories" -l log-format -d 'Log format on stderr: `auto` writes to the journal under systemd, text elsewhere' -r -f -a "auto\t'The journal when stderr is connected to it (under systemd), else text'
text\t'Human-readable lines on stderr'
json\t'One JSON object a line on stderr'
journald\t'Native journald records (falls back to text when there is no journal)'"
complete -c feedwatch -n "__fish_feedwatch_using_subcommand stories" -l log-level -d 'Log level filter, e.g. "info", "feedwatch=debug" [default: the config\'s `[log] level`, else "info"; RUST_LOG overrides both]' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand stories" -l json -d 'Print JSON (times in RFC 3339) instead of text'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand stories" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand replicas" -s c -l config -d 'The config file (TOML), e.g. /etc/feedwatch/feedwatch.toml' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand replicas" -l db -d 'Use this SQLite database instead of the config\'s `storage.path`' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand replicas" -l log-format -d 'Log format on stderr: `auto` writes to the journal under systemd, text elsewhere' -r -f -a "auto\t'The journal when stderr is connected to it (under systemd), else text'
text\t'Human-readable lines on stderr'
json\t'One JSON object a line on stderr'
journald\t'Native journald records (falls back to text when there is no journal)'"
complete -c feedwatch -n "__fish_feedwatch_using_subcommand replicas" -l log-level -d 'Log level filter, e.g. "info", "feedwatch=debug" [default: the config\'s `[log] level`, else "info"; RUST_LOG overrides both]' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand replicas" -l json -d 'Print JSON instead of a table'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand replicas" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand migrate" -l from -d 'The source: `sqlite:PATH`' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand migrate" -l to -d 'The target: `postgres://user@host/database` (no password)' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand migrate" -l password-file -d 'Read the target\'s password from this file' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand migrate" -l password-credential -d 'Read the target\'s password from this systemd credential' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand migrate" -l log-format -d 'Log format on stderr: `auto` writes to the journal under systemd, text elsewhere' -r -f -a "auto\t'The journal when stderr is connected to it (under systemd), else text'
text\t'Human-readable lines on stderr'
json\t'One JSON object a line on stderr'
journald\t'Native journald records (falls back to text when there is no journal)'"
complete -c feedwatch -n "__fish_feedwatch_using_subcommand migrate" -l log-level -d 'Log level filter, e.g. "info", "feedwatch=debug" [default: the config\'s `[log] level`, else "info"; RUST_LOG overrides both]' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand migrate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand discover" -l log-format -d 'Log format on stderr: `auto` writes to the journal under systemd, text elsewhere' -r -f -a "auto\t'The journal when stderr is connected to it (under systemd), else text'
text\t'Human-readable lines on stderr'
json\t'One JSON object a line on stderr'
journald\t'Native journald records (falls back to text when there is no journal)'"
complete -c feedwatch -n "__fish_feedwatch_using_subcommand discover" -l log-level -d 'Log level filter, e.g. "info", "feedwatch=debug" [default: the config\'s `[log] level`, else "info"; RUST_LOG overrides both]' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand discover" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand opml; and not __fish_seen_subcommand_from export help" -l log-format -d 'Log format on stderr: `auto` writes to the journal under systemd, text elsewhere' -r -f -a "auto\t'The journal when stderr is connected to it (under systemd), else text'
text\t'Human-readable lines on stderr'
json\t'One JSON object a line on stderr'
journald\t'Native journald records (falls back to text when there is no journal)'"
complete -c feedwatch -n "__fish_feedwatch_using_subcommand opml; and not __fish_seen_subcommand_from export help" -l log-level -d 'Log level filter, e.g. "info", "feedwatch=debug" [default: the config\'s `[log] level`, else "info"; RUST_LOG overrides both]' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand opml; and not __fish_seen_subcommand_from export help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand opml; and not __fish_seen_subcommand_from export help" -f -a "export" -d 'Write the configured feeds as OPML 2.0 on stdout'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand opml; and not __fish_seen_subcommand_from export help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand opml; and __fish_seen_subcommand_from export" -s c -l config -d 'The config file (TOML), e.g. /etc/feedwatch/feedwatch.toml' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand opml; and __fish_seen_subcommand_from export" -l log-format -d 'Log format on stderr: `auto` writes to the journal under systemd, text elsewhere' -r -f -a "auto\t'The journal when stderr is connected to it (under systemd), else text'
text\t'Human-readable lines on stderr'
json\t'One JSON object a line on stderr'
journald\t'Native journald records (falls back to text when there is no journal)'"
complete -c feedwatch -n "__fish_feedwatch_using_subcommand opml; and __fish_seen_subcommand_from export" -l log-level -d 'Log level filter, e.g. "info", "feedwatch=debug" [default: the config\'s `[log] level`, else "info"; RUST_LOG overrides both]' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand opml; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand opml; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write the configured feeds as OPML 2.0 on stdout'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand opml; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand try" -s c -l config -d 'The config file (TOML), e.g. /etc/feedwatch/feedwatch.toml' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand try" -l topic -d 'Run this configured topic instead of a query' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand try" -l since -d 'Only items published within this window, e.g. "30d" (items without a date count from when feedwatch first saw them)' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand try" -l feed -d 'Only items of this feed' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand try" -l limit -d 'Show at most this many hits' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand try" -l db -d 'Use this SQLite database instead of the config\'s `storage.path`' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand try" -l log-format -d 'Log format on stderr: `auto` writes to the journal under systemd, text elsewhere' -r -f -a "auto\t'The journal when stderr is connected to it (under systemd), else text'
text\t'Human-readable lines on stderr'
json\t'One JSON object a line on stderr'
journald\t'Native journald records (falls back to text when there is no journal)'"
complete -c feedwatch -n "__fish_feedwatch_using_subcommand try" -l log-level -d 'Log level filter, e.g. "info", "feedwatch=debug" [default: the config\'s `[log] level`, else "info"; RUST_LOG overrides both]' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand try" -l near-misses -d 'Also list items the query misses by one required part (every other part holds), with that part: the words a query lacks'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand try" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand explain" -s c -l config -d 'The config file (TOML), e.g. /etc/feedwatch/feedwatch.toml' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand explain" -l topic -d 'The topic to explain (default: the topic of the alert named, else every topic)' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand explain" -l db -d 'Use this SQLite database instead of the config\'s `storage.path`' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand explain" -l log-format -d 'Log format on stderr: `auto` writes to the journal under systemd, text elsewhere' -r -f -a "auto\t'The journal when stderr is connected to it (under systemd), else text'
text\t'Human-readable lines on stderr'
json\t'One JSON object a line on stderr'
journald\t'Native journald records (falls back to text when there is no journal)'"
complete -c feedwatch -n "__fish_feedwatch_using_subcommand explain" -l log-level -d 'Log level filter, e.g. "info", "feedwatch=debug" [default: the config\'s `[log] level`, else "info"; RUST_LOG overrides both]' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand explain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand alerts; and not __fish_seen_subcommand_from retry help" -s c -l config -d 'The config file (TOML), e.g. /etc/feedwatch/feedwatch.toml (required; also accepted after `retry`)' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand alerts; and not __fish_seen_subcommand_from retry help" -l sink -d 'Only deliveries to this sink' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand alerts; and not __fish_seen_subcommand_from retry help" -l topic -d 'Only alerts of this topic' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand alerts; and not __fish_seen_subcommand_from retry help" -l limit -d 'Show at most this many deliveries, newest first' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand alerts; and not __fish_seen_subcommand_from retry help" -l db -d 'Use this SQLite database instead of the config\'s `storage.path`' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand alerts; and not __fish_seen_subcommand_from retry help" -l log-format -d 'Log format on stderr: `auto` writes to the journal under systemd, text elsewhere' -r -f -a "auto\t'The journal when stderr is connected to it (under systemd), else text'
text\t'Human-readable lines on stderr'
json\t'One JSON object a line on stderr'
journald\t'Native journald records (falls back to text when there is no journal)'"
complete -c feedwatch -n "__fish_feedwatch_using_subcommand alerts; and not __fish_seen_subcommand_from retry help" -l log-level -d 'Log level filter, e.g. "info", "feedwatch=debug" [default: the config\'s `[log] level`, else "info"; RUST_LOG overrides both]' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand alerts; and not __fish_seen_subcommand_from retry help" -l pending -d 'Only pending deliveries (waiting to be sent, or held for a digest)'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand alerts; and not __fish_seen_subcommand_from retry help" -l failed -d 'Only failed deliveries'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand alerts; and not __fish_seen_subcommand_from retry help" -l suppressed -d 'Instead of alerts, the matches a topic\'s model held back (`learn = "filter"`), newest first'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand alerts; and not __fish_seen_subcommand_from retry help" -l json -d 'Print JSON (times in RFC 3339) instead of a table'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand alerts; and not __fish_seen_subcommand_from retry help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand alerts; and not __fish_seen_subcommand_from retry help" -f -a "retry" -d 'Put failed deliveries back in the queue: one alert\'s, or all with --failed'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand alerts; and not __fish_seen_subcommand_from retry help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand alerts; and __fish_seen_subcommand_from retry" -s c -l config -d 'The config file (TOML), e.g. /etc/feedwatch/feedwatch.toml (required; also accepted after `retry`)' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand alerts; and __fish_seen_subcommand_from retry" -l db -d 'Use this SQLite database instead of the config\'s `storage.path`' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand alerts; and __fish_seen_subcommand_from retry" -l log-format -d 'Log format on stderr: `auto` writes to the journal under systemd, text elsewhere' -r -f -a "auto\t'The journal when stderr is connected to it (under systemd), else text'
text\t'Human-readable lines on stderr'
json\t'One JSON object a line on stderr'
journald\t'Native journald records (falls back to text when there is no journal)'"
complete -c feedwatch -n "__fish_feedwatch_using_subcommand alerts; and __fish_seen_subcommand_from retry" -l log-level -d 'Log level filter, e.g. "info", "feedwatch=debug" [default: the config\'s `[log] level`, else "info"; RUST_LOG overrides both]' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand alerts; and __fish_seen_subcommand_from retry" -l failed -d 'Requeue every failed delivery'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand alerts; and __fish_seen_subcommand_from retry" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand alerts; and __fish_seen_subcommand_from help" -f -a "retry" -d 'Put failed deliveries back in the queue: one alert\'s, or all with --failed'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand alerts; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand feedback" -s c -l config -d 'The config file (TOML), e.g. /etc/feedwatch/feedwatch.toml' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand feedback" -l topic -d 'The topic: needed for an item that matched several; filters the list' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand feedback" -l note -d 'Why, in a few words (kept with the verdict)' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand feedback" -l undo -d 'Take back a verdict, by its number in the list' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand feedback" -l limit -d 'List at most this many verdicts, newest first' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand feedback" -l db -d 'Use this SQLite database instead of the config\'s `storage.path`' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand feedback" -l log-format -d 'Log format on stderr: `auto` writes to the journal under systemd, text elsewhere' -r -f -a "auto\t'The journal when stderr is connected to it (under systemd), else text'
text\t'Human-readable lines on stderr'
json\t'One JSON object a line on stderr'
journald\t'Native journald records (falls back to text when there is no journal)'"
complete -c feedwatch -n "__fish_feedwatch_using_subcommand feedback" -l log-level -d 'Log level filter, e.g. "info", "feedwatch=debug" [default: the config\'s `[log] level`, else "info"; RUST_LOG overrides both]' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand feedback" -l all -d 'List undone and superseded verdicts too'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand feedback" -l json -d 'Print the list as JSON (times in RFC 3339)'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand feedback" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand sink; and not __fish_seen_subcommand_from test help" -l log-format -d 'Log format on stderr: `auto` writes to the journal under systemd, text elsewhere' -r -f -a "auto\t'The journal when stderr is connected to it (under systemd), else text'
text\t'Human-readable lines on stderr'
json\t'One JSON object a line on stderr'
journald\t'Native journald records (falls back to text when there is no journal)'"
complete -c feedwatch -n "__fish_feedwatch_using_subcommand sink; and not __fish_seen_subcommand_from test help" -l log-level -d 'Log level filter, e.g. "info", "feedwatch=debug" [default: the config\'s `[log] level`, else "info"; RUST_LOG overrides both]' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand sink; and not __fish_seen_subcommand_from test help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand sink; and not __fish_seen_subcommand_from test help" -f -a "test" -d 'Send a clearly marked test alert through a sink and report what happened'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand sink; and not __fish_seen_subcommand_from test help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand sink; and __fish_seen_subcommand_from test" -s c -l config -d 'The config file (TOML), e.g. /etc/feedwatch/feedwatch.toml' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand sink; and __fish_seen_subcommand_from test" -l log-format -d 'Log format on stderr: `auto` writes to the journal under systemd, text elsewhere' -r -f -a "auto\t'The journal when stderr is connected to it (under systemd), else text'
text\t'Human-readable lines on stderr'
json\t'One JSON object a line on stderr'
journald\t'Native journald records (falls back to text when there is no journal)'"
complete -c feedwatch -n "__fish_feedwatch_using_subcommand sink; and __fish_seen_subcommand_from test" -l log-level -d 'Log level filter, e.g. "info", "feedwatch=debug" [default: the config\'s `[log] level`, else "info"; RUST_LOG overrides both]' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand sink; and __fish_seen_subcommand_from test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand sink; and __fish_seen_subcommand_from help" -f -a "test" -d 'Send a clearly marked test alert through a sink and report what happened'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand sink; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand completions" -l log-format -d 'Log format on stderr: `auto` writes to the journal under systemd, text elsewhere' -r -f -a "auto\t'The journal when stderr is connected to it (under systemd), else text'
text\t'Human-readable lines on stderr'
json\t'One JSON object a line on stderr'
journald\t'Native journald records (falls back to text when there is no journal)'"
complete -c feedwatch -n "__fish_feedwatch_using_subcommand completions" -l log-level -d 'Log level filter, e.g. "info", "feedwatch=debug" [default: the config\'s `[log] level`, else "info"; RUST_LOG overrides both]' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand man" -l dir -d 'Write feedwatch.1, one page per subcommand, feedwatch.toml.5 (the config) and feedwatch-query.7 (the query language) into this directory' -r -F
complete -c feedwatch -n "__fish_feedwatch_using_subcommand man" -l log-format -d 'Log format on stderr: `auto` writes to the journal under systemd, text elsewhere' -r -f -a "auto\t'The journal when stderr is connected to it (under systemd), else text'
text\t'Human-readable lines on stderr'
json\t'One JSON object a line on stderr'
journald\t'Native journald records (falls back to text when there is no journal)'"
complete -c feedwatch -n "__fish_feedwatch_using_subcommand man" -l log-level -d 'Log level filter, e.g. "info", "feedwatch=debug" [default: the config\'s `[log] level`, else "info"; RUST_LOG overrides both]' -r
complete -c feedwatch -n "__fish_feedwatch_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand help; and not __fish_seen_subcommand_from check run poll reload feeds show stories replicas migrate discover opml try explain alerts feedback sink completions man help" -f -a "check" -d 'Validate a config file and print what it defines'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand help; and not __fish_seen_subcommand_from check run poll reload feeds show stories replicas migrate discover opml try explain alerts feedback sink completions man help" -f -a "run" -d 'Run the daemon: poll, match, alert, until SIGTERM or SIGINT; SIGHUP reloads the config'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand help; and not __fish_seen_subcommand_from check run poll reload feeds show stories replicas migrate discover opml try explain alerts feedback sink completions man help" -f -a "poll" -d 'Poll feeds now and print what each poll found'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand help; and not __fish_seen_subcommand_from check run poll reload feeds show stories replicas migrate discover opml try explain alerts feedback sink completions man help" -f -a "reload" -d 'Ask the running daemon to re-read its config (sends SIGHUP to the pid in its lock file)'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand help; and not __fish_seen_subcommand_from check run poll reload feeds show stories replicas migrate discover opml try explain alerts feedback sink completions man help" -f -a "feeds" -d 'Show every configured feed\'s health: status, failures, items, last and next poll'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand help; and not __fish_seen_subcommand_from check run poll reload feeds show stories replicas migrate discover opml try explain alerts feedback sink completions man help" -f -a "show" -d 'Show everything stored about an item: fields, story, matches, alerts, deliveries'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand help; and not __fish_seen_subcommand_from check run poll reload feeds show stories replicas migrate discover opml try explain alerts feedback sink completions man help" -f -a "stories" -d 'List stories (the items of every outlet that reported one event), newest first; or show one story'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand help; and not __fish_seen_subcommand_from check run poll reload feeds show stories replicas migrate discover opml try explain alerts feedback sink completions man help" -f -a "replicas" -d 'List the daemons sharing the database: live or not, their leased feeds and sink queues, last heartbeat, config hash'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand help; and not __fish_seen_subcommand_from check run poll reload feeds show stories replicas migrate discover opml try explain alerts feedback sink completions man help" -f -a "migrate" -d 'Copy a SQLite database\'s state (feeds, items, stories, alerts, outbox, digests) into an empty PostgreSQL database'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand help; and not __fish_seen_subcommand_from check run poll reload feeds show stories replicas migrate discover opml try explain alerts feedback sink completions man help" -f -a "discover" -d 'List the feeds an HTML page links to (`<link rel="alternate">`)'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand help; and not __fish_seen_subcommand_from check run poll reload feeds show stories replicas migrate discover opml try explain alerts feedback sink completions man help" -f -a "opml" -d 'Export the configured feeds as OPML'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand help; and not __fish_seen_subcommand_from check run poll reload feeds show stories replicas migrate discover opml try explain alerts feedback sink completions man help" -f -a "try" -d 'Run a query (or a topic) against the items already stored, newest first'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand help; and not __fish_seen_subcommand_from check run poll reload feeds show stories replicas migrate discover opml try explain alerts feedback sink completions man help" -f -a "explain" -d 'Say why a stored item did or did not match a topic, term by term'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand help; and not __fish_seen_subcommand_from check run poll reload feeds show stories replicas migrate discover opml try explain alerts feedback sink completions man help" -f -a "alerts" -d 'List alerts and their deliveries, or requeue failed ones'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand help; and not __fish_seen_subcommand_from check run poll reload feeds show stories replicas migrate discover opml try explain alerts feedback sink completions man help" -f -a "feedback" -d 'Tell a topic whether an alert was relevant (its model learns from it); with no alert, list the verdicts; --undo takes one back'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand help; and not __fish_seen_subcommand_from check run poll reload feeds show stories replicas migrate discover opml try explain alerts feedback sink completions man help" -f -a "sink" -d 'Sink tools'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand help; and not __fish_seen_subcommand_from check run poll reload feeds show stories replicas migrate discover opml try explain alerts feedback sink completions man help" -f -a "completions" -d 'Print a shell completion script (bash, zsh or fish) on stdout'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand help; and not __fish_seen_subcommand_from check run poll reload feeds show stories replicas migrate discover opml try explain alerts feedback sink completions man help" -f -a "man" -d 'Print the man page (roff) on stdout, or write every page into a directory'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand help; and not __fish_seen_subcommand_from check run poll reload feeds show stories replicas migrate discover opml try explain alerts feedback sink completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand help; and __fish_seen_subcommand_from opml" -f -a "export" -d 'Write the configured feeds as OPML 2.0 on stdout'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand help; and __fish_seen_subcommand_from alerts" -f -a "retry" -d 'Put failed deliveries back in the queue: one alert\'s, or all with --failed'
complete -c feedwatch -n "__fish_feedwatch_using_subcommand help; and __fish_seen_subcommand_from sink" -f -a "test" -d 'Send a clearly marked test alert through a sink and report what happened'
