using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.IO;

namespace AddressMaps.Api.Journal;

/// <summary>Records every request under /client/v4 (EMULATOR.md §4). The answer is held in memory
/// until its entry is made and queued, then sent; a reader of the journal waits for the queues of
/// every replica (<see cref="JournalBarrier"/>), so a test that calls the API and then the journal
/// sees its call. Credential headers are never read; bodies are kept up to 4 KiB.</summary>
public sealed class JournalStage(RequestDelegate next, JournalRecorder recorder, JournalBarrier barrier, EmulatorTime time)
{
    public const int BodyLimit = 4096;
    public const string FaultItem = "addressmaps.fault";

    // The held answers live in pooled blocks: a list of 1,000 maps is 250 KB, which as one growing
    // MemoryStream went to the large-object heap on every request and cost a full collection
    // several times a second under load (issue 13).
    private static readonly RecyclableMemoryStreamManager Buffers = new();

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(Routes.ClientV4))
        {
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var at = Platform.Clock.Truncate(time.GetUtcNow().UtcDateTime);
        var request = new CappedCopy(context.Request.Body, BodyLimit);
        context.Request.Body = request;
        using var answer = Buffers.GetStream();
        await ResponseCapture.RunAsync(context, next, answer);

        // Queued before the answer goes out; written just after (JournalBarrier says how readers
        // see it), or before while other replicas cannot ask this one to write its queue. A 503
        // (the database away) is not held back: its entry cannot be written either.
        recorder.Record(Entry(context, at, Stopwatch.GetElapsedTime(started), request, answer));
        if (context.RequestAborted.IsCancellationRequested)
        {
            return; // aborted (an injected abort, or the client left): journaled, nothing to answer
        }

        if (!barrier.Listening && context.Response.StatusCode != StatusCodes.Status503ServiceUnavailable)
        {
            await recorder.FlushAsync();
        }
        answer.Position = 0;
        await answer.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    /// <summary>The operation and account routing found. Kept aside because the error path
    /// (UseExceptionHandler) clears the endpoint and route values before it writes a refusal, and a
    /// refused call is journaled with its operation and account all the same.</summary>
    private sealed record RouteNote(string? Operation, string? AccountId);

    /// <summary>The stage after routing that notes them (JournalApi.UseAfterRouting).</summary>
    public static Task NoteRouteAsync(HttpContext context, RequestDelegate next)
    {
        context.Features.Set(new RouteNote(Operation(context), context.GetRouteValue(Routes.AccountId) as string));
        return next(context);
    }

    private static string? Operation(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;

    private static JournalEntry Entry(HttpContext context, DateTime at, TimeSpan elapsed, CappedCopy request, RecyclableMemoryStream answer)
    {
        var caller = Caller.Of(context.User);
        var route = context.Features.Get<RouteNote>() ?? new RouteNote(Operation(context), context.GetRouteValue(Routes.AccountId) as string);
        var fault = context.Items.ContainsKey(FaultItem);
        // An injected abort closes the connection with no answer (its operation's, with `after`,
        // is dropped): status 0, as HAR records a request that got no response. A client that left
        // is journaled with the answer the emulator made for it (499 when it had made none).
        var unanswered = fault && context.RequestAborted.IsCancellationRequested;
        var status = unanswered ? 0 : context.Response.StatusCode;
        var body = answer.GetReadOnlySequence();
        var responseText = Encoding.UTF8.GetString(body.Slice(0, Math.Min(body.Length, BodyLimit)));
        return new JournalEntry
        {
            Ray = CfRay.Get(context),
            Time = at,
            Method = context.Request.Method,
            Path = context.Request.Path.Value ?? "",
            Query = context.Request.QueryString.HasValue ? context.Request.QueryString.Value : null,
            Operation = route.Operation,
            AccountId = route.AccountId,
            IdentityKind = caller is null ? null : caller.Kind == CallerKind.Token ? "token" : caller.Kind == CallerKind.User ? "user" : "lenient",
            IdentityId = caller?.Kind == CallerKind.User ? null : caller?.Id,
            IdentityEmail = caller?.Email,
            Status = status,
            ErrorCodes = status >= 400 ? ErrorCodes(body) : [],
            DurationMs = Math.Round(elapsed.TotalMilliseconds, 3),
            RequestBody = request.Text,
            RequestTruncated = request.Truncated,
            ResponseBody = answer.Length == 0 || unanswered ? null : responseText,
            ResponseTruncated = answer.Length > BodyLimit && !unanswered,
            Fault = fault,
        };
    }

    private static int[] ErrorCodes(ReadOnlySequence<byte> answer)
    {
        try
        {
            using var doc = JsonDocument.Parse(answer);
            return doc.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
                ? errors.EnumerateArray().Where(e => e.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number).Select(e => e.GetProperty("code").GetInt32()).ToArray()
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
