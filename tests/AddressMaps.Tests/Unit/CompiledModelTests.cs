using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace AddressMaps.Tests.Unit;

/// <summary>EF Core runs on the compiled model in src/AddressMaps.Api/Data/CompiledModel (issue 13:
/// the model was built at every start, 0.77 s of it). It is generated code, so this test fails
/// when it no longer describes the model the configurations build; regenerate it with
/// <c>dotnet ef dbcontext optimize -p src/AddressMaps.Api -o Data/CompiledModel -n AddressMaps.Api.Data.CompiledModel</c>.</summary>
public sealed class CompiledModelTests
{
    [Fact]
    public void The_compiled_model_is_the_model_the_configurations_build()
    {
        using var db = new DesignTimeFactory().CreateDbContext([]);
        var compiled = db.Model;
        var built = db.GetService<IDesignTimeModel>().Model;

        Assert.IsType<AddressMaps.Api.Data.CompiledModel.AddressMapsDbContextModel>(compiled);
        var expected = Describe(built);
        var actual = Describe(compiled);
        Assert.True(expected.SequenceEqual(actual),
            $"only in the configurations: {string.Join("; ", expected.Except(actual))}\nonly in the compiled model: {string.Join("; ", actual.Except(expected))}");
    }

    /// <summary>Every table, column, key, index and foreign key, one line each, sorted (check
    /// constraints, index methods and unlogged tables are schema only: the migrations keep them,
    /// a runtime model does not).</summary>
    private static List<string> Describe(IReadOnlyModel model) =>
        model.GetEntityTypes().SelectMany(e =>
        {
            var table = StoreObjectIdentifier.Table(e.GetTableName()!, e.GetSchema());
            return e.GetProperties().Select(p =>
                    $"{table.Name}.{p.GetColumnName(table)} {p.ClrType.Name} {p.GetColumnType()} null={p.IsNullable} max={p.GetMaxLength()} gen={p.ValueGenerated} default={p.GetDefaultValueSql()}")
                .Concat(e.GetKeys().Select(k => $"{table.Name} key {k.GetName()} ({Columns(k.Properties)}) primary={k.IsPrimaryKey()}"))
                .Concat(e.GetIndexes().Select(i => $"{table.Name} index {i.GetDatabaseName()} ({Columns(i.Properties)}) unique={i.IsUnique} filter={i.GetFilter()}"))
                .Concat(e.GetForeignKeys().Select(f => $"{table.Name} fk {f.GetConstraintName()} ({Columns(f.Properties)}) -> {f.PrincipalEntityType.GetTableName()} {f.DeleteBehavior}"));
        }).Order(StringComparer.Ordinal).ToList();

    private static string Columns(IEnumerable<IReadOnlyProperty> properties) => string.Join(", ", properties.Select(p => p.Name));
}
