import { z } from 'zod';

/** Environment configuration, validated once at start. Every field has a default except where noted. */
export const configSchema = z.object({
  /** `development` or `production`. Production turns on HSTS and `__Host-` cookies. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Port to listen on. Default 4321. */
  PORT: z.coerce.number().int().min(1).max(65535).default(4321),
  /** Interface to bind. Default 0.0.0.0 (all). */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** SQLite database file. Default `db/jisou.sqlite` under the project root. */
  DATABASE_PATH: z.string().min(1).default('db/jisou.sqlite'),
  /** PostgreSQL connection URL, e.g. postgres://jisou:secret@db.example:5432/jisou. When set, the portal keeps its data there instead of the SQLite file (DATABASE_PATH is then unused); `npm run db:copy` moves data between the two (docs/operations.md, "Scale-out"). Unset by default. */
  DATABASE_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || /^postgres(ql)?:\/\/[^\s]+$/i.test(v), 'must be a postgres:// or postgresql:// URL, e.g. postgres://jisou:secret@127.0.0.1:5432/jisou'),
  /** Seed demo accounts, users and activity into an empty database. Default true outside production. */
  JISOU_DEMO: z.enum(['true', 'false', '1', '0']).optional(),
  /** Allow demo mode under NODE_ENV=production (never on a real deployment). */
  JISOU_DEMO_FORCE: z.enum(['true', 'false', '1', '0']).default('false'),
  /** Public origin people open, e.g. https://learn.example.com: every link in mail is built from it, never from the request's Host. Required when NODE_ENV=production; in development links use http://localhost:PORT when unset. */
  PUBLIC_ORIGIN: z.url({ protocol: /^https?$/ }).optional(),
  /** Production only: comma-separated Host values (host or host:port) requests may carry; others get 421. /healthz answers on any Host. Default: the host of PUBLIC_ORIGIN. */
  ALLOWED_HOSTS: z
    .string()
    .optional()
    .refine((v) => v === undefined || v.split(',').every((h) => /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i.test(h.trim())), 'must be host names or host:port pairs separated by commas, e.g. learn.example.com,learn.example.com:8443'),
  /** Time zone of daily reports (viewing-time rollups, trends). IANA name. Default Asia/Tokyo. */
  JISOU_TIMEZONE: z
    .string()
    .default('Asia/Tokyo')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-CA', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Asia/Tokyo or UTC'),
  /** Tracking: seconds without input/scroll/pointer after which reading stops counting. Default 60. */
  JISOU_TRACK_IDLE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Tracking: seconds between heartbeats while the person is active. Default 15. */
  JISOU_TRACK_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(15),
  /** Tracking: an item counts as engaged from this much active time, seconds. Default 30. */
  JISOU_ENGAGED_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** Tracking: a video counts as engaged from this coverage, percent. Default 50. */
  JISOU_ENGAGED_VIDEO_PERCENT: z.coerce.number().min(1).max(100).default(50),
  /** Pyramid: share (percent) of a level's core items a person must have covered to stand on it. Default 80. */
  JISOU_PYRAMID_THRESHOLD_PERCENT: z.coerce.number().min(1).max(100).default(80),
  /** Raw tracking events older than this many days are deleted (rollups stay). 0 = keep forever. Default 730. */
  JISOU_TRACK_RETENTION_DAYS: z.coerce.number().int().min(0).max(36500).default(730),
  /** Tracking buffer: write at least every this many ms (half a second leaves room for the write itself within the 1 s loss budget). Default 500. */
  JISOU_TRACK_FLUSH_MS: z.coerce.number().int().min(50).max(1000).default(500),
  /** Tracking buffer: write as soon as this many events are waiting. Default 2000. */
  JISOU_TRACK_BATCH_ROWS: z.coerce.number().int().min(1).max(100000).default(2000),
  /** Tracking buffer: most events held while the database cannot be written; beyond, events are dropped and counted. Default 200000. */
  JISOU_TRACK_BUFFER_MAX: z.coerce.number().int().min(100).max(10000000).default(200000),
  /** Tracking budget: rows a minute one signed-in person may add (all tabs and sessions together; bursts of a quarter of it); beyond, 429 + Retry-After. 0 = no limit. Default 1200. */
  JISOU_TRACK_PERSON_ROWS_PER_MINUTE: z.coerce.number().int().min(0).max(10_000_000).default(1200),
  /** Tracking budget: rows a minute signed-out visitors from one client address may add together (bursts of a quarter of it); beyond, 429 + Retry-After. 0 = no limit. Default 300. */
  JISOU_TRACK_VISITOR_ROWS_PER_MINUTE: z.coerce.number().int().min(0).max(10_000_000).default(300),
  /** Search gaps: different empty-result queries one client (signed-in person, else address) may record a day; each query counts once per client a day. Beyond, 429. 0 = no limit. Default 20. */
  JISOU_SEARCH_GAPS_PER_CLIENT_DAY: z.coerce.number().int().min(0).max(100_000).default(20),
  /** Customer sessions: days of inactivity after which a session ends. Default 30. */
  SESSION_CUSTOMER_IDLE_DAYS: z.coerce.number().positive().max(365).default(30),
  /** Customer sessions: days after sign-in after which a session ends however active. Default 90. */
  SESSION_CUSTOMER_ABSOLUTE_DAYS: z.coerce.number().positive().max(730).default(90),
  /** Staff sessions: minutes of inactivity after which a session ends. Default 30. */
  SESSION_STAFF_IDLE_MINUTES: z.coerce.number().positive().max(10_080).default(30),
  /** Staff sessions: hours after sign-in after which a session ends however active. Default 12. */
  SESSION_STAFF_ABSOLUTE_HOURS: z.coerce.number().positive().max(720).default(12),
  /** Failed sign-ins allowed per client IP within the window before 429. Default 30. */
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(30),
  /** Failed sign-ins allowed per email address within the window before browsers that never signed in as that person get 429 (known devices are only slowed). Default 8. */
  LOGIN_MAX_FAILURES_PER_EMAIL: z.coerce.number().int().min(1).default(8),
  /** Length of the rate-limit window and of the block after it is exceeded, in minutes. Default 15. */
  LOGIN_WINDOW_MINUTES: z.coerce.number().positive().max(1440).default(15),
  /** Days a browser stays a "known device" after a successful sign-in (it can sign in while the email is on hold). Default 180. */
  LOGIN_KNOWN_DEVICE_DAYS: z.coerce.number().positive().max(3650).default(180),
  /** Longest wait, in seconds, for a known device after repeated failures (waits double from 1 s up to this). Default 60. */
  LOGIN_KNOWN_DEVICE_MAX_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Largest database size in MB (decimals allowed); beyond it writes fail like on a full disk, protecting the disk. 0 = no limit (default). */
  DATABASE_MAX_SIZE_MB: z.coerce.number().min(0).default(0),
  /** Folder (relative to the project root) where accepting a success story writes its case-study draft. Default `content/case-studies/ja`. */
  JISOU_STORY_DRAFTS_DIR: z.string().min(1).default('content/case-studies/ja'),
  /** Requests: longest a single database statement may block the event loop waiting for another process's lock, in ms. Default 25. */
  DATABASE_BUSY_TIMEOUT_MS: z.coerce.number().int().min(0).max(5_000).default(25),
  /** Requests that write wait (without blocking other requests) at most this many ms for a lock held elsewhere, then answer 503 with Retry-After. Default 2000. */
  DATABASE_LOCK_WAIT_MS: z.coerce.number().int().min(0).max(30_000).default(2_000),
  /** A client must send all request headers within this many ms, or the connection is closed (408). Default 15000. */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(15_000),
  /** A client must send the whole request (headers and body) within this many ms. Must be ≥ the headers timeout. Default 30000. */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
  /** On SIGTERM/SIGINT, requests in flight get this many ms to finish before their connections are closed. Default 10000. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** Request log lines: `all` (default; successful tracking beats are left out, /healthz counts them), `errors` (status ≥ 400 only) or `off`. */
  LOG_REQUESTS: z.enum(['all', 'errors', 'off']).default('all'),
  /** Take the client IP from the first X-Forwarded-For entry (only behind a trusted proxy). Default false. */
  TRUST_PROXY: z.enum(['true', 'false', '1', '0']).default('false'),
  /** SMTP server for password-reset and invitation mail, e.g. smtp://user:pass@mail.example:587. Unset = links are logged. */
  SMTP_URL: z.url().optional(),
  /** Sender address for mail. Default `Jisou <no-reply@jisou.invalid>`. */
  MAIL_FROM: z.string().min(3).default('Jisou <no-reply@jisou.invalid>'),
  /** Most mails the outbox sender delivers per minute (respect your relay's limit). Default 60. */
  MAIL_RATE_PER_MINUTE: z.coerce.number().positive().max(60_000).default(60),
  /** First retry after a temporary SMTP failure, in seconds; each further retry waits twice as long (capped at one hour). Default 30. */
  MAIL_RETRY_BASE_SECONDS: z.coerce.number().positive().max(3600).default(30),
  /** SMTP attempts per mail before it is given up as failed. Default 10. */
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
  /** How often the sender looks for due mail, in seconds (mail queued by this server is picked up at once anyway). Default 5. */
  MAIL_POLL_SECONDS: z.coerce.number().min(0.05).max(3600).default(5),
  /** Reply-To of customer mail (announcements, nudges), e.g. `Customer Success <cs@example.com>`. Unset = no Reply-To. */
  MAIL_REPLY_TO: z.string().min(3).optional(),
  /** How often the server runs the engage jobs (announcement mail, plays, alerts, digests), in seconds; `0` = never (use `npm run engage -- run-once` from cron). Default 60. */
  ENGAGE_INTERVAL_SECONDS: z.coerce.number().min(0).max(86_400).default(60),
  /** Days a tracked link in mail (/r/…) keeps working. Default 60. */
  ENGAGE_LINK_TTL_DAYS: z.coerce.number().positive().max(365).default(60),
  /** Announcements published longer ago than this are never mailed (a first start does not mail the archive). Default 7. */
  ENGAGE_ANNOUNCEMENT_MAX_AGE_DAYS: z.coerce.number().positive().max(365).default(7),
  /** Days the history of play runs and fires (/manage/engage) is kept; one still inside its play's cooldown is always kept. Default 90. */
  ENGAGE_PLAY_RUN_RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).default(90),
  /** Days an invitation link stays valid. Default 7. */
  INVITATION_TTL_DAYS: z.coerce.number().positive().max(90).default(7),
  /** Minutes a password-reset link stays valid. Default 60. */
  PASSWORD_RESET_TTL_MINUTES: z.coerce.number().positive().max(1440).default(60),
  /** Folder (relative to the checkout) where `npm run publish` builds releases/<id>/ and keeps the live and previous build. Default `releases`. */
  JISOU_RELEASES_DIR: z.string().min(1).default('releases'),
  /** Build folder this server process serves; set by `npm start` and the publish switch, not by hand. Default `dist`. */
  JISOU_BUILD_DIR: z.string().min(1).optional(),
  /** Cache file of `npm run content:links` (external link results), read by /manage/content. Default `.cache/content-links.json`. */
  CONTENT_LINKS_CACHE: z.string().min(1).default('.cache/content-links.json'),
  /** `true`: right after it starts, the server reads what the dashboards share (closed rollup days, every account's evaluation, awareness) so the first dashboard request is not the one that waits; `/healthz` shows `dashboards.state`. Default `true`. */
  DASHBOARD_WARM_UP: z.enum(['true', 'false', '1', '0']).default('true'),
  /** `compact`: the server worker's heap grows by half its live size at most before V8 collects it (`--heap-growing-percent=50`; 1.1 GB instead of 1.7 GB after the 100M dashboards, same page times; not a hard limit); `node`: V8's own growth factor (up to 4×). Default `compact`. */
  SERVER_HEAP: z.enum(['compact', 'node']).default('compact'),
  /** Cache file of the volume page's git trend (`git blame` per content file, kept until the file or its last commit changes). Default `.cache/git-volume.json`. */
  CONTENT_GIT_VOLUME_CACHE: z.string().min(1).default('.cache/git-volume.json'),
  /** Branch whose pushes the publish webhook acts on (pushes to other branches are acknowledged and ignored). Default `main`. */
  PUBLISH_BRANCH: z.string().min(1).max(200).default('main'),
  /** `true`: a webhook or "publish now" run starts with `git pull --ff-only` in the checkout. Default `true`. */
  PUBLISH_GIT_PULL: z.enum(['true', 'false', '1', '0']).default('true'),
  /** GitHub webhook secret (checked against X-Hub-Signature-256). Unset: GitHub deliveries are refused. */
  PUBLISH_GITHUB_SECRET: z.string().min(16).optional(),
  /** GitLab webhook secret token (compared with X-Gitlab-Token). Unset: GitLab deliveries are refused. */
  PUBLISH_GITLAB_TOKEN: z.string().min(16).optional(),
  /** Gitea / Forgejo webhook secret (checked against X-Gitea-Signature). Unset: Gitea deliveries are refused. */
  PUBLISH_GITEA_SECRET: z.string().min(16).optional(),
});
export type Config = z.output<typeof configSchema>;
