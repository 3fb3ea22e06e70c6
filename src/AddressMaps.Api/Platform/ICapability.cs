namespace AddressMaps.Api.Platform;

/// <summary>One capability of the emulator (a folder): the services it needs and its route
/// table. Program.cs lists them, one line each; adding a resource is a folder and a line there.</summary>
public interface ICapability
{
    /// <summary>Registers the capability's services (and its JSON metadata, if it has wire types).</summary>
    void AddServices(IServiceCollection services);

    /// <summary>Maps the capability's routes.</summary>
    void MapRoutes(IEndpointRouteBuilder app);
}
