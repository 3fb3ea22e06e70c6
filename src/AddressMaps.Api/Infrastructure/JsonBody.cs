using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AddressMaps.Api.Domain;

namespace AddressMaps.Api.Infrastructure;

/// <summary>Reads a JSON request body ourselves rather than through [FromBody], so that every
/// failure is a Cloudflare error that names the field, an absent body is allowed, and the keys
/// sent can be told apart from the keys left out.</summary>
public static class JsonBody
{
    private const int MaxBytes = 1024 * 1024;

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
            throw Errors.InvalidField.With($"Invalid value for field '{field}': {Expectation(field)}");
        }

        var keys = root.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        return (value!, keys);
    }

    private static async Task<JsonDocument?> ParseAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength is > MaxBytes)
        {
            throw Errors.InvalidField.With("The request body is too large");
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        if (buffer.Length > MaxBytes)
        {
            throw Errors.InvalidField.With("The request body is too large");
        }

        if (buffer.Length == 0 || buffer.ToArray().All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException)
        {
            throw Errors.MalformedJson.With("Malformed JSON in request body");
        }
    }

    /// <summary>Drains a body that the operation ignores; it may be anything, even not JSON.</summary>
    public static async Task DiscardAsync(HttpContext context)
    {
        await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
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
