using Rectify.Generator;

namespace Rectify.Tests.Generator;

/// <summary>The load-test data generator is a tool beside the app: the production assembly neither contains nor runs it.</summary>
public class GeneratorPlacementTests
{
    [Fact]
    public void The_production_app_has_no_generator_and_no_generate_data_command()
    {
        var web = typeof(Rectify.Web.Hosting.RectifyApp).Assembly;
        string[] generatorTypes = ["LedgerGenerator", "GenerateDataCommand", "BulkWriter", "GeneratorText", "GeneratorOptions", "GeneratorResult"];

        web.GetTypes().Select(t => t.Name).Intersect(generatorTypes).ShouldBeEmpty();
        typeof(LedgerGenerator).Assembly.GetName().Name.ShouldBe("Rectify.Generator");
        // Program.cs dispatches its commands by a Name constant on the command type: none is left for generate-data.
        web.GetTypes().SelectMany(t => t.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string?)f.GetRawConstantValue())
            .ShouldNotContain("generate-data");
    }
}
