using AddressMaps.Api.Platform;

namespace AddressMaps.Tests.Unit;

public sealed class SqlTests
{
    [Fact]
    public void Then_joins_two_statements_and_numbers_the_second_ones_values_after_the_first_ones()
    {
        var (a, b, c) = ("x", 2, "{0}");
        FormattableString first = $"UPDATE t SET v = {a} WHERE n = {b}  ";
        FormattableString second = $"INSERT INTO u VALUES ({c}, {b:D3}, '{{literal}}')";

        var both = Sql.Then(first, second);

        Assert.Equal("UPDATE t SET v = {0} WHERE n = {1};\nINSERT INTO u VALUES ({2}, {3:D3}, '{{literal}}')", both.Format);
        Assert.Equal(new object?[] { "x", 2, "{0}", 2 }, both.GetArguments());
    }
}
