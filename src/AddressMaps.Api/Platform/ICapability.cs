namespace AddressMaps.Api.Platform;

/// <summary>One capability of the emulator (a folder): the services it needs and its route
/// table. Program.cs lists them, one line each; adding a resource is a folder and a line there.</summary>
public interface ICapability
{
    /// <summary>Registers the capability's services (and its JSON metadata, if it has wire types).</summary>
    void AddServices(IServiceCollection services);

    /// <summary>Maps the capability's routes.</summary>
    void MapRoutes(IEndpointRouteBuilder app);

    /// <summary>A pipeline stage of the capability's that runs before routing, just inside the
    /// request log line (the journal).</summary>
    void UseEarly(WebApplication app)
    {
    }

    /// <summary>A stage that runs after routing, before Cloudflare's auth (fault injection).</summary>
    void UseAfterRouting(WebApplication app)
    {
    }
}
