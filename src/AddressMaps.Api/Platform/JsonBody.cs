using System.Text.Json;
using System.Text.Unicode;
using System.Text.Json.Serialization.Metadata;

namespace AddressMaps.Api.Platform;

/// <summary>Reads a JSON request body ourselves rather than through [FromBody], so that every
/// failure is a Cloudflare error that names the field, an absent body is allowed, and the keys
/// sent can be told apart from the keys left out.</summary>
public static class JsonBody
{
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Parses the body; an absent or empty body reads as <c>{}</c>.</summary>
    public static async Task<(T Value, IReadOnlySet<string> Keys)> ReadObjectAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        using var document = await ParseAsync(context) ?? JsonDocument.Parse("{}");
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Errors.MalformedJson.With($"Malformed JSON in request body: expected a JSON object, got {Describe(root.ValueKind)}");
        }

        T? value;
        try
        {
            value = root.Deserialize(typeInfo);
        }
        catch (JsonException e)
        {
            var field = FieldName(e.Path);
            throw Errors.InvalidField.With($"invalid value for field '{field}': {Expectation(field)}");
        }

        var keys = root.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        return (value!, keys);
    }

    private static async Task<JsonDocument?> ParseAsync(HttpContext context)
    {
        var body = await ReadBoundedAsync(context, keep: true);
        LargeRequestMemory.ReleaseAfter(context, body.Length);
        var bytes = body.GetBuffer().AsMemory(0, (int)body.Length);
        if (bytes.Span.IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            return null;
        }

        // JsonDocument checks the UTF-8 of values as it parses, but not of property names,
        // which fail only when read (a DecoderFallbackException, once a 500).
        if (!Utf8.IsValid(bytes.Span))
        {
            throw Errors.MalformedJson.With("Malformed JSON in request body: it is not valid UTF-8");
        }

        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException)
        {
            throw Errors.MalformedJson.With("Malformed JSON in request body");
        }
    }

    /// <summary>Drains a body that the operation ignores; it may be anything, even not JSON, but
    /// no more than the limit.</summary>
    public static async Task DiscardAsync(HttpContext context) => await ReadBoundedAsync(context, keep: false);

    public static ApiException TooLarge() =>
        Errors.BodyTooLarge.With($"the request body is too large: at most {MaxBytes} bytes (1 MiB)");

    /// <summary>Reads the body up to <see cref="MaxBytes"/>, refusing more with 413 (413 also when
    /// Content-Length says so, before anything is read). The host enforces the same limit on its
    /// own; this also holds where it does not (the in-process test server).</summary>
    private static async Task<MemoryStream> ReadBoundedAsync(HttpContext context, bool keep)
    {
        var request = context.Request;
        if (request.ContentLength is > MaxBytes)
        {
            throw TooLarge();
        }

        var kept = new MemoryStream();
        var chunk = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            total += read;
            if (total > MaxBytes)
            {
                throw TooLarge();
            }

            if (keep)
            {
                kept.Write(chunk, 0, read);
            }
        }

        return kept;
    }

    private static string FieldName(string? path)
    {
        // "$.memberships[0].kind" -> "memberships[0].kind"
        var p = path ?? "$";
        return p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : p.TrimStart('$');
    }

    private static string Expectation(string field)
    {
        var leaf = field.Split('.').Last();
        var bracket = leaf.IndexOf('[', StringComparison.Ordinal);
        var name = bracket >= 0 ? leaf[..bracket] : leaf;
        var isItem = bracket >= 0 && leaf.EndsWith(']');
        return (name, isItem) switch
        {
            ("enabled", _) => "expected a boolean or null",
            ("ips", false) => "expected an array of IP address strings or null",
            ("ips", true) => "expected an IP address string",
            ("memberships", false) => "expected an array of {identifier, kind} objects or null",
            ("memberships", true) => "expected an object with identifier and kind",
            _ => "expected a string or null",
        };
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
