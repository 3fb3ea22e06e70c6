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

    /// <summary>What the console received so far.</summary>
    public string Text => into.ToString();

    public void Dispose() => Console.SetOut(previous);
}
