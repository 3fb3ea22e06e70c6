using AddressMaps.Api.Auth;
using AddressMaps.Api.Contracts;
using AddressMaps.Api.Domain;
using AddressMaps.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AddressMaps.Api.Endpoints;

/// <summary>GET /user/tokens/verify, which SDKs and Terraform call to check a token.</summary>
public static class UserApi
{
    public static RouteGroupBuilder MapUserTokens(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/client/v4/user/tokens").WithTags("User API Tokens");
        group.MapGet("/verify", Verify)
            .WithName("user-api-tokens-verify-token").WithSummary("Verify Token")
            .WithMetadata(new RequiresToken());
        return group;
    }

    public static Ok<Envelope<TokenVerifyResponse>> Verify(HttpContext http)
    {
        // The auth middleware has verified the token (9109 otherwise) before this runs.
        var caller = AuthMiddleware.GetCaller(http)!;
        var result = new TokenVerifyResponse(
            caller.Id,
            "active",
            caller.ExpiresOn is { } e ? AddressMapRules.FormatTimestamp(e) : null,
            caller.NotBefore is { } n ? AddressMapRules.FormatTimestamp(n) : null);
        var envelope = new Envelope<TokenVerifyResponse>([], [new ResponseMessage(10000, "This API Token is valid and active")], result, true);
        return TypedResults.Ok(envelope);
    }
}
