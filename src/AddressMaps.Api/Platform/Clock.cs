namespace AddressMaps.Api.Platform;

/// <summary>The time every timestamp comes from, truncated to PostgreSQL's microseconds so that
/// what is answered equals what is read back.</summary>
public sealed class Clock(TimeProvider time)
{
    public DateTime Now() => Truncate(time.GetUtcNow().UtcDateTime);

    public static DateTime Truncate(DateTime utc) => new(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);
}
