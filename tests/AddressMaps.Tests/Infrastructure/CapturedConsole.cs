namespace AddressMaps.Tests.Infrastructure;

/// <summary>The process console replaced by <paramref name="into"/> (a new StringWriter if none)
/// until disposed. The console is the whole process's: only tests in the "api" collection, which
/// run one at a time, use it.</summary>
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
    /// as a host stops, so once any test's own host has stopped, the shared host's lines went
    /// nowhere; the logger is made anew here.</summary>
    public static CapturedConsole OfHostLog()
    {
        var captured = new CapturedConsole();
        Serilog.Log.Logger = Logging.CreateLogger();
        return captured;
    }

    /// <summary>What the console received so far.</summary>
    public string Text => into.ToString();

    public void Dispose() => Console.SetOut(previous);
}
