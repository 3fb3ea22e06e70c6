using System.Net.Sockets;

namespace AddressMaps.Tests.Infrastructure;

/// <summary>A loopback TCP forwarder in front of PostgreSQL, so a test can take the database
/// away from one API host and give it back on the same port: <see cref="Refuse"/> closes every
/// connection and the port (connection refused), <see cref="Blackhole"/> accepts and never
/// answers (a hang), <see cref="Forward"/> serves again.</summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint target;
    private readonly List<TcpClient> open = [];
    private TcpListener? listener;
    private CancellationTokenSource run = new();
    private bool blackhole;

    public TcpProxy(string host, int port)
    {
        target = new IPEndPoint(IPAddress.Parse(host == "localhost" ? "127.0.0.1" : host), port);
        Listen(0);
    }

    public int Port { get; private set; }

    public void Forward()
    {
        blackhole = false;
        if (listener is null)
        {
            Listen(Port);
        }
    }

    public void Blackhole()
    {
        CloseAll();
        blackhole = true;
        if (listener is null)
        {
            Listen(Port);
        }
    }

    public void Refuse()
    {
        CloseAll();
        listener?.Stop();
        listener = null;
    }

    private void Listen(int port)
    {
        run = new CancellationTokenSource();
        listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var l = listener;
        var token = run.Token;
        _ = Task.Run(async () =>
        {
            while (!token.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await l.AcceptTcpClientAsync(token);
                }
                catch (Exception)
                {
                    return;
                }

                lock (open)
                {
                    open.Add(client);
                }

                if (!blackhole)
                {
                    _ = PipeAsync(client, token);
                }
            }
        }, token);
    }

    private async Task PipeAsync(TcpClient client, CancellationToken token)
    {
        var upstream = new TcpClient();
        lock (open)
        {
            open.Add(upstream);
        }

        try
        {
            await upstream.ConnectAsync(target, token);
            var a = client.GetStream().CopyToAsync(upstream.GetStream(), token);
            var b = upstream.GetStream().CopyToAsync(client.GetStream(), token);
            await Task.WhenAny(a, b);
        }
        catch (Exception)
        {
            // closed by Refuse/Blackhole or by either end
        }
        finally
        {
            client.Dispose();
            upstream.Dispose();
        }
    }

    private void CloseAll()
    {
        run.Cancel();
        lock (open)
        {
            open.ForEach(c => c.Dispose());
            open.Clear();
        }

        if (listener is not null)
        {
            // Keep the port, but stop the accept loop of the old mode.
            listener.Stop();
            listener = null;
        }
    }

    public ValueTask DisposeAsync()
    {
        Refuse();
        return ValueTask.CompletedTask;
    }
}
