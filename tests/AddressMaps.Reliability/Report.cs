using System.Collections.Concurrent;

namespace AddressMaps.Reliability;

/// <summary>Figures of one check: requests sent, answers per status, anomalies.</summary>
public sealed class Report(string name)
{
    private readonly ConcurrentDictionary<string, int> _statuses = new();
    private readonly ConcurrentQueue<string> _anomalies = new();
    private readonly ConcurrentQueue<string> _notes = new();
    private int _anomalyCount;
    private int _requests;
    private int _transport;

    public string Name { get; } = name;
    public int Requests => _requests;
    public int AnomalyCount => _anomalyCount;
    public string? Skipped { get; set; }

    public void Count(Answer a)
    {
        Interlocked.Increment(ref _requests);
        var key = a.Status > 0 ? a.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : (a.TimedOut ? "timeout" : "no answer");
        _statuses.AddOrUpdate(key, 1, (_, n) => n + 1);
    }

    public void Transport() => Interlocked.Increment(ref _transport);

    private readonly ConcurrentDictionary<string, int> _kinds = new();

    /// <summary>Records an anomaly; <paramref name="kind"/> groups similar ones in the summary.</summary>
    public void Anomaly(string description, string? kind = null)
    {
        kind ??= description.Split(':')[0];
        kind = kind.Length > 70 ? kind[..70] + "…" : kind;
        _kinds.AddOrUpdate(kind, 1, (_, n) => n + 1);
        var n = Interlocked.Increment(ref _anomalyCount);
        if (n <= 20)
        {
            _anomalies.Enqueue(description);
        }
    }

    public void Note(string line) => _notes.Enqueue(line);

    public bool Passed => Skipped is null && _anomalyCount == 0;

    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine($"--- {Name} ---");
        if (Skipped is not null)
        {
            Console.WriteLine($"skipped: {Skipped}");
            return;
        }

        foreach (var note in _notes)
        {
            Console.WriteLine(note);
        }

        Console.WriteLine($"requests sent: {_requests}");
        var statuses = _statuses.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {kv.Value}");
        Console.WriteLine($"statuses: {string.Join(", ", statuses)}");
        Console.WriteLine($"transport-level answers (Kestrel, before the app): {_transport}");
        Console.WriteLine($"anomalies found: {_anomalyCount}");
        if (_anomalyCount > 0)
        {
            Console.WriteLine("anomalies by kind: " + string.Join("; ", _kinds.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key}: {kv.Value}")));
        }

        var i = 0;
        foreach (var a in _anomalies)
        {
            Console.WriteLine($"  {++i}. {a}");
        }

        if (_anomalyCount > 20)
        {
            Console.WriteLine($"  ... and {_anomalyCount - 20} more");
        }

        Console.WriteLine($"{Name}: {(Passed ? "PASSED" : "FAILED")}");
    }
}
