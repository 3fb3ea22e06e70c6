using System.Collections.Concurrent;
using System.Diagnostics;

namespace AddressMaps.Tests.Infrastructure;

/// <summary>One command the API ran: its SQL and the rows it returned or touched.</summary>
public sealed record RecordedStatement(string Sql, long Rows);

/// <summary>Records every command Npgsql runs while it is alive, from Npgsql's own ActivitySource
/// (tags <c>db.query.text</c> and <c>db.npgsql.rows</c>). HTTP tests run one at a time, so what
/// it records between two points of a test is what the requests in between ran.</summary>
public sealed class StatementRecorder : IDisposable
{
    private readonly ActivityListener listener;
    private readonly ConcurrentQueue<RecordedStatement> statements = new();

    public StatementRecorder()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("db.query.text") is string text)
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
