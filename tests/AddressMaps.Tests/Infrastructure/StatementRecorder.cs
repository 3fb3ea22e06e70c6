using System.Collections.Concurrent;
using System.Diagnostics;

namespace AddressMaps.Tests.Infrastructure;

/// <summary>One command the API ran: its SQL and the rows it returned or touched.</summary>
public sealed record RecordedStatement(string Sql, long Rows);

/// <summary>Records every command Npgsql runs for a request on one database while it is alive, from
/// Npgsql's own ActivitySource (tags <c>db.namespace</c>, <c>db.query.text</c> and
/// <c>db.npgsql.rows</c>). The classes that use it run alone (<see cref="WholeProcessCollection"/>)
/// and their tests one at a time, so what it records between two points of a test is what the
/// requests in between ran.</summary>
public sealed class StatementRecorder : IDisposable
{
    private readonly ActivityListener listener;
    private readonly ConcurrentQueue<RecordedStatement> statements = new();

    public StatementRecorder(TestDatabase database)
    {
        listener = new ActivityListener
        {
            // ASP.NET Core's request activity too, so that a command run for a request has a
            // parent; the emulator's background loops (clock and fault-rule re-reads, the
            // journal's batched writes) run outside any request and are not counted.
            ShouldListenTo = source => source.Name is "Npgsql" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == "Npgsql" && activity.Parent is not null && activity.GetTagItem("db.query.text") is string text
                    && activity.GetTagItem("db.namespace") as string == database.Name)
                {
                    var rows = activity.GetTagItem("db.npgsql.rows") is { } r ? Convert.ToInt64(r, System.Globalization.CultureInfo.InvariantCulture) : 0;
                    statements.Enqueue(new RecordedStatement(text, rows));
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
    }

    /// <summary>The statements recorded since the last call, and forgets them.</summary>
    public IReadOnlyList<RecordedStatement> Take()
    {
        var taken = new List<RecordedStatement>();
        while (statements.TryDequeue(out var s))
        {
            taken.Add(s);
        }

        return taken;
    }

    public void Dispose() => listener.Dispose();
}
