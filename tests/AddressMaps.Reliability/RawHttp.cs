using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace AddressMaps.Reliability;

/// <summary>How the body of a raw request is sent.</summary>
public enum BodyMode
{
    /// <summary>Content-Length and the bytes (or no body at all when Body is null).</summary>
    Fixed,
    /// <summary>Transfer-Encoding: chunked, the bytes in a few chunks.</summary>
    Chunked,
    /// <summary>Chunked, sent until the server answers or the bound is reached.</summary>
    Endless,
    /// <summary>Nothing added: the head already says everything (hand-made requests).</summary>
    AsIs,
}

/// <summary>A request written byte by byte, so that it can be as wrong as needed.</summary>
public sealed class RawRequest
{
    public string Method { get; set; } = "GET";
    public byte[] Target { get; set; } = [];
    public string Version { get; set; } = "HTTP/1.1";
    public List<(string Name, byte[] Value)> Headers { get; } = [];
    public byte[]? Body { get; set; }
    public BodyMode Mode { get; set; } = BodyMode.Fixed;
    /// <summary>Replaces the whole request line when set.</summary>
    public byte[]? RequestLine { get; set; }
    public bool OmitHost { get; set; }
    public string Kind { get; set; } = "";
    /// <summary>With a fixed body: half of it is sent, then this is awaited, then the rest.</summary>
    public Func<Task>? MidBodyGate { get; set; }

    public string TargetText => Encoding.Latin1.GetString(Target);

    public void Header(string name, string value) => Headers.Add((name, Encoding.UTF8.GetBytes(value)));

    public byte[] Head(int port)
    {
        using var ms = new MemoryStream();
        void W(string s) => ms.Write(Encoding.Latin1.GetBytes(s));
        if (RequestLine is not null)
        {
            ms.Write(RequestLine);
        }
        else
        {
            W(Method + " ");
            ms.Write(Target);
            W(" " + Version);
        }

        W("\r\n");
        if (!OmitHost)
        {
            W($"Host: 127.0.0.1:{port}\r\n");
        }

        foreach (var (name, value) in Headers)
        {
            W(name + ": ");
            ms.Write(value);
            W("\r\n");
        }

        W("Connection: close\r\n");
        if (Mode == BodyMode.Fixed && Body is not null)
        {
            W($"Content-Length: {Body.Length}\r\n");
        }
        else if (Mode is BodyMode.Chunked or BodyMode.Endless)
        {
            W("Transfer-Encoding: chunked\r\n");
        }

        W("\r\n");
        return ms.ToArray();
    }
}

/// <summary>HTTP/1.1 over a fresh TCP connection to 127.0.0.1 per request.</summary>
public static class RawHttp
{
    public const long EndlessLimitBytes = 64L * 1024 * 1024;

    public static async Task<Answer> SendAsync(int port, RawRequest request, TimeSpan timeout)
    {
        var started = DateTime.UtcNow;
        var sw = Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(timeout);
        using var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync("127.0.0.1", port, cts.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return new Answer { Error = "connect: " + e.Message, TimedOut = cts.IsCancellationRequested, Elapsed = sw.Elapsed, StartedUtc = started };
        }

        var stream = client.GetStream();
        var isHead = request.Method == "HEAD" && request.RequestLine is null;
        var read = ReadResponseAsync(stream, isHead, cts.Token);
        try
        {
            await stream.WriteAsync(request.Head(port), cts.Token);
            await WriteBodyAsync(stream, request, read, cts.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The server may answer and close before the whole request is sent; read what it said.
        }

        try
        {
            var answer = await read;
            answer.Elapsed = sw.Elapsed;
            answer.StartedUtc = started;
            return answer;
        }
        catch (OperationCanceledException)
        {
            return new Answer { TimedOut = true, Error = "timeout", Elapsed = sw.Elapsed, StartedUtc = started };
        }
        catch (Exception e) when (e is IOException or SocketException or InvalidDataException or ObjectDisposedException)
        {
            return new Answer { Error = e.Message, Elapsed = sw.Elapsed, StartedUtc = started };
        }
    }

    private static async Task WriteBodyAsync(NetworkStream stream, RawRequest request, Task answered, CancellationToken ct)
    {
        var body = request.Body ?? [];
        switch (request.Mode)
        {
            case BodyMode.Fixed when request.MidBodyGate is not null && body.Length > 1:
                await stream.WriteAsync(body.AsMemory(0, body.Length / 2), ct);
                await stream.FlushAsync(ct);
                await request.MidBodyGate();
                await stream.WriteAsync(body.AsMemory(body.Length / 2), ct);
                break;
            case BodyMode.Fixed or BodyMode.AsIs:
                if (body.Length > 0)
                {
                    await stream.WriteAsync(body, ct);
                }

                break;
            case BodyMode.Chunked:
                for (var offset = 0; offset < body.Length; offset += 4096)
                {
                    var n = Math.Min(4096, body.Length - offset);
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"{n:x}\r\n"), ct);
                    await stream.WriteAsync(body.AsMemory(offset, n), ct);
                    await stream.WriteAsync("\r\n"u8.ToArray(), ct);
                }

                await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), ct);
                break;
            case BodyMode.Endless:
                var chunk = body.Length > 0 ? body : Encoding.ASCII.GetBytes(new string('[', 65536));
                var prefix = Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n");
                long sent = 0;
                while (!answered.IsCompleted && sent < EndlessLimitBytes)
                {
                    await stream.WriteAsync(prefix, ct);
                    await stream.WriteAsync(chunk, ct);
                    await stream.WriteAsync("\r\n"u8.ToArray(), ct);
                    sent += chunk.Length;
                }

                break;
        }
    }

    private static async Task<Answer> ReadResponseAsync(NetworkStream stream, bool isHead, CancellationToken ct)
    {
        var buffer = new List<byte>(8192);
        var chunk = new byte[16384];
        var pos = 0;

        async Task<bool> Fill()
        {
            var n = await stream.ReadAsync(chunk, ct);
            if (n == 0)
            {
                return false;
            }

            buffer.AddRange(chunk.AsSpan(0, n));
            if (buffer.Count > 8 * 1024 * 1024)
            {
                throw new InvalidDataException("answer larger than 8 MiB");
            }

            return true;
        }

        int IndexOfHeadEnd()
        {
            for (var i = pos; i + 3 < buffer.Count; i++)
            {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n')
                {
                    return i;
                }
            }

            return -1;
        }

        while (true)
        {
            int end;
            while ((end = IndexOfHeadEnd()) < 0)
            {
                if (!await Fill())
                {
                    throw new IOException(buffer.Count == 0 ? "connection closed without an answer" : "connection closed inside the answer's head");
                }
            }

            var head = Encoding.Latin1.GetString(buffer.GetRange(pos, end - pos).ToArray()).Split("\r\n");
            pos = end + 4;
            var statusParts = head[0].Split(' ', 3);
            if (statusParts.Length < 2 || !int.TryParse(statusParts[1], out var status))
            {
                throw new InvalidDataException("bad status line: " + head[0]);
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in head.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    var name = line[..colon].Trim();
                    var value = line[(colon + 1)..].Trim();
                    headers[name] = headers.TryGetValue(name, out var old) ? old + ", " + value : value;
                }
            }

            if (status is >= 100 and < 200)
            {
                continue; // 100 Continue and friends: the real answer follows
            }

            byte[] body;
            if (isHead || status is 204 or 304)
            {
                body = [];
            }
            else if (headers.TryGetValue("Content-Length", out var cl) && long.TryParse(cl, out var length))
            {
                while (buffer.Count - pos < length)
                {
                    if (!await Fill())
                    {
                        throw new IOException("connection closed inside the answer's body");
                    }
                }

                body = buffer.GetRange(pos, (int)length).ToArray();
            }
            else if (headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                body = await ReadChunkedAsync(buffer, pos, Fill);
            }
            else
            {
                while (await Fill())
                {
                }

                body = buffer.GetRange(pos, buffer.Count - pos).ToArray();
            }

            return new Answer { Status = status, Headers = headers, Body = body };
        }
    }

    private static async Task<byte[]> ReadChunkedAsync(List<byte> buffer, int pos, Func<Task<bool>> fill)
    {
        var body = new List<byte>();
        while (true)
        {
            int lineEnd;
            while ((lineEnd = IndexOfCrLf(buffer, pos)) < 0)
            {
                if (!await fill())
                {
                    throw new IOException("connection closed inside a chunked answer");
                }
            }

            var sizeText = Encoding.ASCII.GetString(buffer.GetRange(pos, lineEnd - pos).ToArray()).Split(';')[0].Trim();
            var size = Convert.ToInt32(sizeText, 16);
            pos = lineEnd + 2;
            if (size == 0)
            {
                return body.ToArray();
            }

            while (buffer.Count - pos < size + 2)
            {
                if (!await fill())
                {
                    throw new IOException("connection closed inside a chunked answer");
                }
            }

            body.AddRange(buffer.GetRange(pos, size));
            pos += size + 2;
        }
    }

    private static int IndexOfCrLf(List<byte> buffer, int from)
    {
        for (var i = from; i + 1 < buffer.Count; i++)
        {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
