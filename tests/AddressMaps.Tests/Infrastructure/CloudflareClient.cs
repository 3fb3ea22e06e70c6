using System.Net.Http.Headers;
using System.Text;

namespace AddressMaps.Tests.Infrastructure;

/// <summary>Credential headers for one request style.</summary>
public sealed record Credentials(string Name, IReadOnlyDictionary<string, string> Headers)
{
    public static readonly Credentials None = new("none", new Dictionary<string, string>());
    public static readonly Credentials DemoKey = GlobalKey(Demo.Email, Demo.GlobalKey);
    public static readonly Credentials WriteToken = Bearer(Demo.WriteToken);
    public static readonly Credentials ReadToken = Bearer(Demo.ReadToken);
    public static readonly Credentials OtherWriteToken = Bearer(Demo.OtherWriteToken);
    public static readonly Credentials StaticWriteToken = Bearer(Demo.StaticWriteToken);
    public static readonly Credentials NoAddOnWriteToken = Bearer(Demo.NoAddOnWriteToken);
    public static readonly Credentials ExpiredToken = Bearer(Demo.ExpiredToken);

    public static Credentials Bearer(string token) => new("bearer " + token[..6], new Dictionary<string, string> { ["Authorization"] = "Bearer " + token });

    public static Credentials GlobalKey(string email, string key) =>
        new("key " + email, new Dictionary<string, string> { ["X-Auth-Email"] = email, ["X-Auth-Key"] = key });

    public override string ToString() => Name;
}

/// <summary>An answer: status, headers, and the parsed envelope.</summary>
public sealed class ApiResponse(HttpStatusCode status, HttpResponseHeaders headers, HttpContentHeaders contentHeaders, string body)
{
    public HttpStatusCode Status { get; } = status;
    public HttpResponseHeaders Headers { get; } = headers;
    public HttpContentHeaders ContentHeaders { get; } = contentHeaders;
    public string Body { get; } = body;
    public JsonElement Json { get; } = JsonDocument.Parse(body).RootElement.Clone();

    public bool Success => Json.GetProperty("success").GetBoolean();
    public JsonElement Result => Json.GetProperty("result");
    public IReadOnlyList<int> ErrorCodes => Json.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetInt32()).ToList();
    public string FirstErrorMessage => Json.GetProperty("errors")[0].GetProperty("message").GetString()!;

    public string? Header(string name) =>
        Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : ContentHeaders.TryGetValues(name, out var c) ? string.Join(",", c) : null;

    /// <summary>Asserts a failure envelope with this status and first error code.</summary>
    public ApiResponse AssertError(HttpStatusCode status, int code)
    {
        Assert.True(Status == status && !Success && ErrorCodes.Count > 0 && ErrorCodes[0] == code,
            $"expected {(int)status} with code {code}, got {(int)Status}: {Body}");
        Assert.Equal(JsonValueKind.Null, Result.ValueKind);
        return this;
    }

    public ApiResponse AssertOk()
    {
        Assert.True(Status == HttpStatusCode.OK && Success, $"expected 200 success, got {(int)Status}: {Body}");
        Assert.Empty(Json.GetProperty("errors").EnumerateArray());
        return this;
    }
}

/// <summary>Thin HTTP client for /client/v4 that sends one credential style.</summary>
public sealed class CloudflareClient(HttpClient http, Credentials credentials)
{
    public const string Base = "/client/v4";

    public HttpClient Http { get; } = http;

    public CloudflareClient As(Credentials other) => new(Http, other);

    public static string Maps(string? account = null) => $"{Base}/accounts/{account ?? Demo.Account}/addressing/address_maps";

    public static string Map(string id, string? account = null) => $"{Maps(account)}/{id}";

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<ApiResponse> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public Task<ApiResponse> PutAsync(string path) => SendAsync(HttpMethod.Put, path);

    public Task<ApiResponse> PostJsonAsync(string path, object body) => SendAsync(HttpMethod.Post, path, JsonSerializer.Serialize(body), "application/json");

    public Task<ApiResponse> PatchJsonAsync(string path, object body) => SendAsync(HttpMethod.Patch, path, JsonSerializer.Serialize(body), "application/json");

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, string? body = null, string? contentType = null)
    {
        using var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in credentials.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ApiResponse(response.StatusCode, response.Headers, response.Content.Headers, text);
    }

    /// <summary>Creates a map and returns its id (asserting success).</summary>
    public async Task<string> CreateMapAsync(object? body = null, string? account = null)
    {
        var response = await PostJsonAsync(Maps(account), body ?? new { });
        response.AssertOk();
        return response.Result.GetProperty("id").GetString()!;
    }
}
