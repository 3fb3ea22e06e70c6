using System.Text;
using System.Text.Json;

namespace AddressMaps.Reliability;

/// <summary>One HTTP answer (or the lack of one).</summary>
public sealed class Answer
{
    public int Status { get; init; }
    public Dictionary<string, string> Headers { get; init; } = new(StringComparer.OrdinalIgnoreCase);
    public byte[] Body { get; init; } = [];
    public TimeSpan Elapsed { get; set; }
    public bool TimedOut { get; init; }
    public string? Error { get; init; }
    public DateTime StartedUtc { get; set; }

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>The first error code of the envelope, or null.</summary>
    public int? ErrorCode
    {
        get
        {
            try
            {
                using var doc = JsonDocument.Parse(Body);
                if (doc.RootElement.ValueKind == JsonValueKind.Object &&
                    doc.RootElement.TryGetProperty("errors", out var errors) &&
                    errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0 &&
                    errors[0].TryGetProperty("code", out var code) && code.TryGetInt32(out var c))
                {
                    return c;
                }
            }
            catch (JsonException)
            {
            }

            return null;
        }
    }

    public string Describe()
    {
        if (Status == 0)
        {
            return TimedOut ? $"no answer within the timeout ({Elapsed.TotalSeconds:0.0} s)" : $"no answer: {Error}";
        }

        var text = Encoding.UTF8.GetString(Body);
        if (text.Length > 200)
        {
            text = text[..200] + "…";
        }

        return $"{Status} ({Elapsed.TotalMilliseconds:0} ms) {text}";
    }
}

/// <summary>Cloudflare's envelope, as every answer of the application under /client/v4 must be.</summary>
public static class EnvelopeCheck
{
    public const string ContentType = "application/json; charset=utf-8";

    // Statuses Kestrel answers by itself, with an empty body, before the application runs.
    private static readonly int[] TransportStatuses = [400, 408, 411, 413, 414, 431, 501, 505];

    /// <summary>True when the answer was produced by Kestrel, not the application.</summary>
    public static bool IsTransportLevel(Answer a) =>
        TransportStatuses.Contains(a.Status) && a.Body.Length == 0 && a.Header("Content-Type") is null;

    /// <summary>Null when the answer is a well-formed envelope that agrees with its status.</summary>
    public static string? Problem(Answer a, bool headRequest = false)
    {
        var contentType = a.Header("Content-Type");
        if (!string.Equals(contentType, ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return $"Content-Type is '{contentType ?? "(none)"}', not '{ContentType}'";
        }

        if (headRequest)
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(a.Body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return "body is not a JSON object";
            }

            if (!root.TryGetProperty("success", out var success) || success.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return "no boolean 'success'";
            }

            if (!root.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array)
            {
                return "no 'errors' array";
            }

            foreach (var e in errors.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.Object ||
                    !e.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.Number || !code.TryGetInt32(out _) ||
                    !e.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String)
                {
                    return "an 'errors' item lacks an integer 'code' or a string 'message'";
                }
            }

            if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
            {
                return "no 'messages' array";
            }

            if (!root.TryGetProperty("result", out _))
            {
                return "no 'result' key";
            }

            var ok = success.ValueKind == JsonValueKind.True;
            if (ok != a.IsSuccess)
            {
                return $"success={ok} with HTTP {a.Status}";
            }

            if (!ok && errors.GetArrayLength() == 0)
            {
                return "success=false with an empty 'errors'";
            }

            return null;
        }
        catch (JsonException e)
        {
            return $"body is not JSON ({e.Message})";
        }
    }
}
