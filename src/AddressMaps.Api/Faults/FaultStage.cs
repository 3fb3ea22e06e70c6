using Microsoft.AspNetCore.Http.Metadata;

namespace AddressMaps.Api.Faults;

/// <summary>Injects faults into Cloudflare requests (EMULATOR.md §5), after routing (the operation
/// and account are known) and before auth and the operation: nothing changes unless the fault
/// says <c>after</c>, which runs the operation, commits it, and then answers the fault.</summary>
public sealed class FaultStage(RequestDelegate next, FaultRules rules)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var header = context.Request.Headers[Fault.Header].ToString();
        // Most requests: no header and no rule, so nothing is resolved (no database context leased).
        if (!context.Request.Path.StartsWithSegments(Routes.ClientV4) || (header.Length == 0 && rules.Current.Count == 0))
        {
            await next(context);
            return;
        }

        var fault = header.Length > 0 ? Fault.Parse(header) : await context.RequestServices.GetRequiredService<FaultDecider>().DecideAsync(
            context.Request.Method, context.Request.Path.Value ?? "",
            context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName,
            context.GetRouteValue(Routes.AccountId) as string, context.RequestAborted);
        if (fault is null)
        {
            await next(context);
            return;
        }

        await ApplyAsync(context, fault);
    }

    private async Task ApplyAsync(HttpContext context, Fault fault)
    {
        context.Items[Journal.JournalStage.FaultItem] = true;
        if (fault.Latency > TimeSpan.Zero)
        {
            await Task.Delay(fault.Latency, context.RequestAborted); // asynchronous: other requests go on
        }

        if (fault.After)
        {
            await RunDiscardingAnswerAsync(context);
            context.Items[AuditLogId.OperationRanItem] = true;
        }

        if (fault.Abort)
        {
            context.Abort(); // the connection closes with no answer
            return;
        }

        if (!fault.Answers)
        {
            if (!fault.After)
            {
                await next(context); // latency only
            }

            return;
        }

        throw fault.Error();
    }

    /// <summary>Runs the operation (it commits) and keeps its answer from the client.</summary>
    private async Task RunDiscardingAnswerAsync(HttpContext context)
    {
        using var discarded = new MemoryStream();
        await ResponseCapture.RunAsync(context, next, discarded);
        context.Response.Clear();
    }
}
