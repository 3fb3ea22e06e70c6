using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;

namespace AddressMaps.Api.Platform;

/// <summary>Holds the events <c>gather</c> picks (one line per request) and passes them to the
/// console sink from a timer, every <see cref="Gather"/>: emitting one wakes no thread. Issue 13:
/// the async sink it replaces woke its worker thread for every request's line, and the worker spun
/// before it slept again (27 context switches and 0.09 ms of CPU per request with one client). Any
/// other event is written at once by the thread that emits it, after what is held, so the console
/// keeps the order of events and a start-up line is out before the server answers. When
/// <c>capacity</c> events are held, the thread that emits the next one writes them all itself, so
/// a burst waits for the console rather than losing lines (issue 7). Disposing it writes what is
/// held, then disposes the console sink.</summary>
public sealed class GatheringSink : ILogEventSink, IDisposable
{
    /// <summary>How long an event may wait before the timer writes it.</summary>
    public static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(50);

    private readonly ILogEventSink console;
    private readonly Func<LogEvent, bool> gather;
    private readonly int capacity;
    private readonly ConcurrentQueue<LogEvent> held = new();
    private readonly Lock writing = new();
    private readonly Timer timer;
    private int count;
    private volatile bool disposed;

    public GatheringSink(ILogEventSink console, int capacity, Func<LogEvent, bool> gather)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.console = console;
        this.gather = gather;
        this.capacity = capacity;
        using (ExecutionContext.SuppressFlow())
        {
            timer = new Timer(_ => Write(), null, Gather, Gather);
        }
    }

    public void Emit(LogEvent logEvent)
    {
        if (disposed)
        {
            return; // closed (Log.CloseAndFlush): as the async sink did, nothing more is taken
        }

        if (!gather(logEvent))
        {
            lock (writing)
            {
                WriteHeld();
                WriteOne(logEvent);
            }
        }
        else
        {
            held.Enqueue(logEvent);
            if (Interlocked.Increment(ref count) >= capacity)
            {
                Write();
            }
        }
    }

    /// <summary>Everything held, in order, by one thread at a time (the timer's, a dispose's, or
    /// an emitter's that found the buffer full).</summary>
    private void Write()
    {
        lock (writing)
        {
            WriteHeld();
        }
    }

    private void WriteHeld()
    {
        while (held.TryDequeue(out var next))
        {
            Interlocked.Decrement(ref count);
            WriteOne(next);
        }
    }

    private void WriteOne(LogEvent logEvent)
    {
        try
        {
            console.Emit(logEvent);
        }
        catch (Exception e)
        {
            // As Serilog does for a failing sink: the application goes on.
            SelfLog.WriteLine("GatheringSink: the console sink failed: {0}", e);
        }
    }

    public void Dispose()
    {
        lock (writing)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
        }

        using (var stopped = new ManualResetEvent(false))
        {
            if (timer.Dispose(stopped))
            {
                stopped.WaitOne();
            }
        }

        Write();
        (console as IDisposable)?.Dispose();
    }
}
