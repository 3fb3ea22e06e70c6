using System.Collections.Concurrent;

namespace AddressMaps.Api.Auth;

/// <summary>This process's copy of what every request reads and almost nothing writes: verified
/// credentials (as the token or user row they found) and each account's add-on flag. Those rows
/// change only through the seed and the control plane, and every change of their tables makes
/// PostgreSQL notify every replica (<see cref="IdentityInvalidation"/>), which empties the copy.
///
/// Correct across replicas because (1) an entry is kept with the generation it was read in, and
/// a notification moves the generation, so a read that raced a change is never served; (2) while
/// the listening connection is down the copy is not used at all; (3) the writers wait until
/// their own change's notification has come back before they answer (<see cref="WaitForChangeAsync"/>),
/// by which time PostgreSQL has signalled every listener. Only found rows are kept: an unknown
/// or wrong credential always reads the database, so it costs what it did and fills nothing.</summary>
public sealed class IdentityCache
{
    public const int MaxEntries = 10_000;

    private sealed record Entry(object Value, long Generation);

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private long generation;
    private volatile bool live;

    /// <summary>Whether the copy is in use: the listener is connected and listening.</summary>
    public bool Live => live;

    public long Generation => Interlocked.Read(ref generation);

    /// <summary>The value for <paramref name="key"/>, read once per generation through <paramref name="load"/>.</summary>
    public async Task<T?> GetAsync<T>(string key, Func<Task<T?>> load)
        where T : class
    {
        var at = Generation;
        if (live && entries.TryGetValue(key, out var hit) && hit.Generation == at)
        {
            return (T)hit.Value;
        }

        var value = await load();
        if (value is not null && live && at == Generation)
        {
            if (entries.Count >= MaxEntries)
            {
                entries.Clear();
            }

            entries[key] = new Entry(value, at);
        }

        return value;
    }

    /// <summary>A change was committed (or the listener came or went): nothing read before counts.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref generation);
        entries.Clear();
        lock (waiters)
        {
            foreach (var w in waiters)
            {
                w.TrySetResult();
            }

            waiters.Clear();
        }
    }

    /// <summary>Set by the listener (and by unit tests): the copy is used only while true.</summary>
    public void SetLive(bool isLive)
    {
        live = isLive;
        Invalidate();
    }

    private readonly List<TaskCompletionSource> waiters = [];

    /// <summary>Waits (at most <paramref name="timeout"/>) until a notification newer than
    /// <paramref name="before"/> arrived: a writer calls it after its commit, so that its answer is
    /// sent only once the change is announced. Returns at once when the copy is not in use.</summary>
    public async Task WaitForChangeAsync(long before, TimeSpan timeout)
    {
        TaskCompletionSource waiter;
        lock (waiters)
        {
            if (!live || Generation > before)
            {
                return;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add(waiter);
        }

        await Task.WhenAny(waiter.Task, Task.Delay(timeout));
    }
}
