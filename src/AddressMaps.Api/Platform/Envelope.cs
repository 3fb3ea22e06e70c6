using System.Text.Json.Serialization;

namespace AddressMaps.Api.Platform;

// Cloudflare's envelope (CONTRACT §2). Keys are written in the order of the real capture (§9):
// errors, messages, result, success.

public sealed record Envelope<T>(
    IReadOnlyList<ResponseMessage> Errors,
    IReadOnlyList<ResponseMessage> Messages,
    T? Result,
    bool Success)
{
    public static Envelope<T> Ok(T? result) => new([], [], result, true);
}

/// <summary>The failure envelope; result is always null.</summary>
public sealed record ErrorEnvelope(
    IReadOnlyList<ResponseMessage> Errors,
    IReadOnlyList<ResponseMessage> Messages,
    object? Result,
    bool Success);

public sealed record ResponseMessage(
    int Code,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ResponseMessage>? ErrorChain = null);
