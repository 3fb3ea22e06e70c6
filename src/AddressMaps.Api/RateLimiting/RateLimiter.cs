using System.Globalization;

namespace AddressMaps.Api.RateLimiting;

/// <summary>Settings of Cloudflare's global rate limit (CONTRACT §8), section
/// <c>AddressMaps:RateLimit</c>. Off by default: an emulator that throttles its users' test
/// suites would be in the way more than it helps; turn it on to test a client's back-off.</summary>
public sealed class RateLimitOptions
{
    public bool Enabled { get; set; }

    public int Requests { get; set; } = 1200;

    public int WindowSeconds { get; set; } = 300;

    public int PenaltySeconds { get; set; } = 300;
}

/// <summary>What one counted request learned: allowed or not, and the header values.</summary>
public sealed record RateDecision(bool Allowed, int Remaining, int ResetSeconds, int RetryAfterSeconds);

/// <summary>Counts requests per caller in PostgreSQL (fixed windows, one upsert per request), so
/// that several API instances share one budget and the process keeps no state.</summary>
public sealed class RateLimiter(AddressMapsDbContext db, TimeProvider time)
{
    public const string PolicyHeader = "Ratelimit-Policy";
    public const string StateHeader = "Ratelimit";

    private sealed record Row(int Count, DateTime? BlockedUntil);

    public async Task<RateDecision> HitAsync(string key, RateLimitOptions options, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var window = TimeSpan.FromSeconds(options.WindowSeconds);
        var windowStart = new DateTime(now.Ticks - (now.Ticks % window.Ticks), DateTimeKind.Utc);
        var penaltyEnd = now.AddSeconds(options.PenaltySeconds);
        var row = (await db.Database.SqlQuery<Row>($"""
            INSERT INTO rate_limit_counters AS c (key, window_start, count, blocked_until)
            VALUES ({key}, {windowStart}, 1, NULL)
            ON CONFLICT (key) DO UPDATE SET
                count = CASE WHEN c.window_start = {windowStart} THEN c.count + 1 ELSE 1 END,
                window_start = {windowStart},
                blocked_until = CASE
                    WHEN c.blocked_until > {now} THEN c.blocked_until
                    WHEN c.window_start = {windowStart} AND c.count + 1 > {options.Requests} THEN {penaltyEnd}
                    ELSE NULL END
            RETURNING count, blocked_until
            """).ToListAsync(ct)).Single();

        return Decide(row.Count, row.BlockedUntil, now, windowStart, options);
    }

    /// <summary>Pure: the decision for a counter state.</summary>
    public static RateDecision Decide(int count, DateTime? blockedUntil, DateTime now, DateTime windowStart, RateLimitOptions options)
    {
        var reset = (int)Math.Ceiling((windowStart.AddSeconds(options.WindowSeconds) - now).TotalSeconds);
        if (blockedUntil is { } until && until > now)
        {
            var retry = Math.Max(1, (int)Math.Ceiling((until - now).TotalSeconds));
            return new RateDecision(false, 0, retry, retry);
        }

        return new RateDecision(true, Math.Max(0, options.Requests - count), reset, 0);
    }

    public static void WriteHeaders(HttpResponse response, RateDecision decision, RateLimitOptions options)
    {
        var headers = response.Headers;
        headers[PolicyHeader] = string.Create(CultureInfo.InvariantCulture, $"\"default\";q={options.Requests};w={options.WindowSeconds}");
        headers[StateHeader] = string.Create(CultureInfo.InvariantCulture, $"\"default\";r={decision.Remaining};t={decision.ResetSeconds}");
        if (!decision.Allowed)
        {
            headers.RetryAfter = decision.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }
    }

    public static ApiException Refusal() => Errors.RateLimited.With("Please wait and consider throttling your request speed");
}
