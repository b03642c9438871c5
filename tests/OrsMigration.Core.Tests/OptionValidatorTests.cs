using OrsMigration.Catalog;
using Xunit;

namespace OrsMigration.Tests
{
    /// <summary>The one validator every option writer and Test-OrsConfig use.</summary>
    public class OptionValidatorTests
    {
        private static readonly OptionValidator Validator = new OptionValidator(OptionCatalog.Load(null));

        [Theory]
        [InlineData("orchestraton", "orchestration")]
        [InlineData("persistance", "persistence")]
        [InlineData("Orchestration", "orchestration")]
        public void AMisspeltSectionIsUnknownAndTheMeantOneIsNamed(string section, string meant)
        {
            var p = Validator.Check(section, "mcr-pull-limit", "5");
            Assert.Equal(OptionProblemKind.UnknownSection, p.Kind);
            Assert.Equal("UnknownSection", p.ErrorId);
            Assert.Contains("Did you mean " + meant, p.Hint);
        }

        [Fact]
        public void AnInvalidValueOfAKnownOptionIsAProblemEvenWhenTheRuleIsOnlyInferred()
        {
            var p = Validator.Check("orchestration", "mcr-pull-limit", "twenty");
            Assert.Equal(OptionProblemKind.InvalidValue, p.Kind);
            Assert.Equal("InvalidOptionValue", p.ErrorId);
            Assert.False(p.Certain);
            Assert.Contains("not confirmed", p.Message);
            Assert.True(Validator.Check("orchestration", "call-watching-timeout", "50").Certain);
        }

        [Theory]
        [InlineData("orchestration", "mcr-pull-limit", "20")]
        [InlineData("log", "verbose", "all")]                 // a known section whose names are not catalogued
        [InlineData("cluster", "anything", "x")]              // judged by the cluster rules
        [InlineData("sml", "autostart", "true")]
        public void KnownSectionsAndValidValuesPass(string section, string name, string value) =>
            Assert.Null(Validator.Check(section, name, value));

        [Fact]
        public void AnUnknownNameInACoveredSectionIsUnknownWithTheClosestNames()
        {
            var p = Validator.Check("orchestration", "functions-by-usr", "true");
            Assert.Equal(OptionProblemKind.UnknownOption, p.Kind);
            Assert.Contains("orchestration/functions-by-urs", p.Hint);
        }
    }
}
