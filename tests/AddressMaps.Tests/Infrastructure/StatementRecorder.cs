using System.Collections.Concurrent;
using System.Diagnostics;

namespace AddressMaps.Tests.Infrastructure;

/// <summary>One command the API ran: its SQL and the rows it returned or touched.</summary>
public sealed record RecordedStatement(string Sql, long Rows);

/// <summary>Records every command Npgsql runs for a request on one database while it is alive, from
/// Npgsql's own ActivitySource (tags <c>db.namespace</c>, <c>db.query.text</c> and
/// <c>db.npgsql.rows</c>). An HTTP test class has its database to itself and its tests run one at a
/// time, so what it records between two points of a test is what the requests in between ran.</summary>
public sealed class StatementRecorder : IDisposable
{
    private readonly ActivityListener listener;
    private readonly ConcurrentQueue<RecordedStatement> statements = new();
    private readonly ConcurrentDictionary<Activity, bool> running = new();
    private readonly string database;

    public StatementRecorder(TestDatabase database)
    {
        this.database = database.Name;
        listener = new ActivityListener
        {
            // ASP.NET Core's request activity too, so that a command run for a request has a
            // parent; the emulator's background loops (clock and fault-rule re-reads, the
            // journal's batched writes) run outside any request and are not counted.
            ShouldListenTo = source => source.Name is "Npgsql" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = activity =>
            {
                if (activity.Source.Name == "Npgsql" && activity.Parent is not null)
                {
                    running.TryAdd(activity, true);
                }
            },
            ActivityStopped = activity =>
            {
                running.TryRemove(activity, out _);
                if (activity.Source.Name == "Npgsql" && activity.Parent is not null && activity.GetTagItem("db.query.text") is string text
                    && activity.GetTagItem("db.namespace") as string == this.database)
                {
                    var rows = activity.GetTagItem("db.npgsql.rows") is { } r ? Convert.ToInt64(r, System.Globalization.CultureInfo.InvariantCulture) : 0;
                    statements.Enqueue(new RecordedStatement(text, rows));
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
    }

    /// <summary>The statements recorded since the last call, and forgets them; first waits (at most
    /// 2 s) for the commands still running on this database to end, so that a command whose answer
    /// came before its activity stopped is not counted with the next request's.</summary>
    public IReadOnlyList<RecordedStatement> Take()
    {
        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (running.Keys.Any(a => a.GetTagItem("db.namespace") as string is var name && (name is null || name == database)) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(1);
        }

        var taken = new List<RecordedStatement>();
        while (statements.TryDequeue(out var s))
        {
            taken.Add(s);
        }

        return taken;
    }

    public void Dispose() => listener.Dispose();
}
