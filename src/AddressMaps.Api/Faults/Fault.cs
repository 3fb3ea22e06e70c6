using System.Globalization;

namespace AddressMaps.Api.Faults;

/// <summary>What an injected fault does (EMULATOR.md §5): wait, close the connection, or answer
/// an error, before the operation runs or (<see cref="After"/>) after it committed.</summary>
public sealed record Fault(int? Status, int? Code, string? Message, int? RetryAfter, TimeSpan Latency, bool Abort, bool After)
{
    public const string Header = "cf-emulator-fault";

    public bool Answers => Status is not null || Code is not null;

    /// <summary>The envelope error it answers: 429 is code 971 with Retry-After; 503 carries
    /// Retry-After too; other codes default to 10001.</summary>
    public ApiException Error()
    {
        var status = Status ?? 500;
        var code = Code ?? (status == 429 ? Errors.RateLimited.Code : Errors.Internal.Code);
        var definition = new ErrorDefinition(code, status, "injected_fault", "A fault injected by cf-emulator-fault or a fault rule.", false);
        return new ApiException(definition, Message ?? $"Injected fault ({Header})")
        {
            RetryAfterSeconds = status is 429 or 503 ? RetryAfter ?? 1 : RetryAfter,
        };
    }

    /// <summary>Parses the header: <c>status=503;code=10001;message=…;latency=250ms;abort;after</c>.
    /// Unknown keys and bad values are 400 naming them.</summary>
    public static Fault Parse(string header)
    {
        var fault = new Fault(null, null, null, null, TimeSpan.Zero, false, false);
        foreach (var part in header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var (key, value) = eq < 0 ? (part, "") : (part[..eq].Trim(), part[(eq + 1)..].Trim());
            fault = key switch
            {
                "status" => fault with { Status = Number(key, value, 100, 599) },
                "code" => fault with { Code = Number(key, value, 1, 99999) },
                "message" => fault with { Message = value },
                "retry_after" => fault with { RetryAfter = Number(key, value, 0, 86400) },
                "latency" => fault with { Latency = Duration(value) },
                "abort" when eq < 0 => fault with { Abort = true },
                "after" when eq < 0 => fault with { After = true },
                _ => throw Invalid($"unknown key '{Text.Shorten(key)}' (known: status, code, message, retry_after, latency, abort, after)"),
            };
        }

        return fault;
    }

    public static Fault Of(FaultRule r) => new(r.Status, r.Code, r.Message, r.RetryAfter, TimeSpan.FromMilliseconds(r.LatencyMs), r.Abort, r.After);

    /// <summary>The n-th decision of a rule with this probability and seed: the same on every run
    /// and every replica (the evaluation count is kept in the database).</summary>
    public static bool Fires(double probability, long seed, long evaluation)
    {
        if (probability >= 1)
        {
            return true;
        }

        var x = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)evaluation);
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        x ^= x >> 31;
        return (x >> 11) * (1.0 / (1UL << 53)) < probability;
    }

    private static int Number(string key, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n
            : throw Invalid($"{key}={Text.Shorten(value)} is not a number from {min} to {max}");

    private static TimeSpan Duration(string value)
    {
        var (digits, scale) = value.EndsWith("ms", StringComparison.Ordinal) ? (value[..^2], 1) : value.EndsWith('s') ? (value[..^1], 1000) : (value, 1);
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && (long)n * scale <= 60_000
            ? TimeSpan.FromMilliseconds((long)n * scale)
            : throw Invalid($"latency={Text.Shorten(value)} is not a duration such as 250ms or 2s (at most 60 s)");
    }

    private static ApiException Invalid(string why) => Errors.InvalidFault.With($"{Header}: {why}");
}
