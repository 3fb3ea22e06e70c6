namespace AddressMaps.Api.Platform;

/// <summary>The shape of every sub-resource PUT/DELETE: the body is drained (up to the limit) and
/// ignored, the operation runs, and the answer is a success with a null result.</summary>
public static class SubResource
{
    public static async Task<Ok<Envelope<object>>> Run(HttpContext http, Func<CancellationToken, Task> operation)
    {
        await JsonBody.DiscardAsync(http);
        await operation(http.RequestAborted);
        return TypedResults.Ok(Envelope<object>.Ok(null));
    }
}
