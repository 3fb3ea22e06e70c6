using System.Runtime;

namespace AddressMaps.Api.Platform;

/// <summary>Gives the memory of a large request back to the system once it is answered (issue 7:
/// RSS grew by ~110 MB over three 50,000-IP creates and stayed there, as the server GC keeps what
/// it once needed). After a request whose body was at least <see cref="Threshold"/> bytes, one
/// aggressive full collection runs after the answer is sent, at most once a second, so the
/// client never waits for it and ordinary requests never pay for it.</summary>
public static class LargeRequestMemory
{
    public const int Threshold = 256 * 1024;

    private static long lastCollection;
    private static long collections;

    /// <summary>How many collections this process has run for large requests and seeds.</summary>
    public static long Collections => Interlocked.Read(ref collections);

    public static void ReleaseAfter(HttpContext context, long bodyBytes)
    {
        if (bodyBytes < Threshold)
        {
            return;
        }

        context.Response.OnCompleted(() =>
        {
            var now = Environment.TickCount64;
            var last = Interlocked.Read(ref lastCollection);
            if (now - last >= 1000 && Interlocked.CompareExchange(ref lastCollection, now, last) == last)
            {
                Collect();
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>One aggressive, compacting full collection (also once after start-up has read a
    /// large seed: scripts/bench --scale's 30 MB document left RSS at 1.2 GB).</summary>
    public static void Collect()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Interlocked.Increment(ref collections);
    }
}
