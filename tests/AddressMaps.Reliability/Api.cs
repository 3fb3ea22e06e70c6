using System.Net.Http.Headers;
using System.Text;

namespace AddressMaps.Reliability;

/// <summary>Well-formed calls through HttpClient, answers as <see cref="Answer"/>.</summary>
public sealed class Api(DemoSeed seed) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 128,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    public string MapsPath => $"client/v4/accounts/{seed.AccountId}/addressing/address_maps";

    public async Task<Answer> SendAsync(ApiHost host, HttpMethod method, string path, string? json = null, bool useKey = false, TimeSpan? timeout = null)
    {
        var started = DateTime.UtcNow;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        using var req = new HttpRequestMessage(method, new Uri(host.BaseUri, path));
        if (useKey)
        {
            req.Headers.Add("X-Auth-Email", seed.Email);
            req.Headers.Add("X-Auth-Key", seed.GlobalKey);
        }
        else
        {
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", seed.WriteToken);
        }

        if (json is not null)
        {
            req.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        try
        {
            using var resp = await _http.SendAsync(req, cts.Token);
            var body = await resp.Content.ReadAsByteArrayAsync(cts.Token);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var h in resp.Headers.Concat(resp.Content.Headers))
            {
                headers[h.Key] = string.Join(", ", h.Value);
            }

            return new Answer { Status = (int)resp.StatusCode, Headers = headers, Body = body, Elapsed = sw.Elapsed, StartedUtc = started };
        }
        catch (OperationCanceledException)
        {
            return new Answer { TimedOut = true, Error = "timeout", Elapsed = sw.Elapsed, StartedUtc = started };
        }
        catch (HttpRequestException e)
        {
            return new Answer { Error = e.Message, Elapsed = sw.Elapsed, StartedUtc = started };
        }
    }

    /// <summary>Creates a map and answers its id (throws when the API refuses).</summary>
    public async Task<string> CreateMapAsync(ApiHost host, string json)
    {
        var a = await SendAsync(host, HttpMethod.Post, MapsPath, json);
        if (a.Status != 200)
        {
            throw new InvalidOperationException($"creating a map failed: {a.Describe()}");
        }

        using var doc = System.Text.Json.JsonDocument.Parse(a.Body);
        return doc.RootElement.GetProperty("result").GetProperty("id").GetString()!;
    }

    public void Dispose() => _http.Dispose();
}
