using Microsoft.EntityFrameworkCore.Design;

namespace AddressMaps.Api.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a database or the host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AddressMapsDbContext>
{
    public AddressMapsDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<AddressMapsDbContext>()
        .UseNpgsql("Host=localhost;Database=addressmaps_design")
        .UseSnakeCaseNamingConvention()
        .Options);
}
