using System.Diagnostics;

namespace AddressMaps.Api.Platform;

/// <summary>When this replica last answered a request 503 because the database was away, on a
/// monotonic clock (not the emulator's, which a test may freeze or move). A fault of no known kind
/// within a window of it (<see cref="DefaultWindow"/>) is taken for the same outage
/// (<see cref="ApiExceptionHandler"/>).</summary>
public sealed class RecentOutage(TimeSpan window)
{
    /// <summary>Ten times PostgreSQL's restart here (0.2 s), and short enough that a fault of ours
    /// after the database is back is a 500 again within seconds.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(2);

    private long last; // Stopwatch timestamp of the last outage; 0: none yet

    public RecentOutage()
        : this(DefaultWindow)
    {
    }

    public void Seen() => Volatile.Write(ref last, Stopwatch.GetTimestamp());

    public bool Recent
    {
        get
        {
            var seen = Volatile.Read(ref last);
            return seen != 0 && Stopwatch.GetElapsedTime(seen) < window;
        }
    }
}
