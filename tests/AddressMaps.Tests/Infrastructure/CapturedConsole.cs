namespace AddressMaps.Tests.Infrastructure;

/// <summary>The process console replaced by <paramref name="into"/> (a new StringWriter if none)
/// until disposed. The console is the whole process's: only tests in the "whole process"
/// collection, which run one at a time, use it.</summary>
public sealed class CapturedConsole : IDisposable
{
    private readonly TextWriter previous = Console.Out;
    private readonly StringWriter into;

    public CapturedConsole(StringWriter? into = null)
    {
        this.into = into ?? new StringWriter();
        Console.SetOut(TextWriter.Synchronized(this.into));
    }

    /// <summary>The console, for what the API hosts log: they log through Serilog's static
    /// <c>Log.Logger</c>, which Program.cs sets as a host starts and closes (leaving a silent one)
    /// as a host stops, so once any test's own host had stopped, the shared host's lines went
    /// nowhere; the logger is made anew here. (Putting the previous logger back as a host stops
    /// was tried in Program.cs: test hosts' lifetimes are not always nested, and the full suite
    /// then lost the shared host's lines all the same.)</summary>
    public static CapturedConsole OfHostLog()
    {
        var captured = new CapturedConsole();
        Serilog.Log.Logger = Logging.CreateLogger();
        return captured;
    }

    /// <summary>What the console received so far.</summary>
    public string Text => into.ToString();

    /// <summary>What the console received once <paramref name="done"/> holds for it, or after at
    /// most 10 s (log lines are written from a timer), read every 50 ms.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string text;
        do
        {
            await Task.Delay(50);
            text = Text;
        }
        while (!done(text) && DateTime.UtcNow < deadline);
        return text;
    }

    public void Dispose() => Console.SetOut(previous);
}
