using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using OrsMigration.Config;
using Xunit;

namespace OrsMigration.Tests
{
    public class OrderedReadAheadTests
    {
        [Theory]
        [InlineData(1)]
        [InlineData(4)]
        public void ResultsComeBackInInputOrderWithAtMostTheLimitInFlight(int limit)
        {
            int inFlight = 0, peak = 0;
            var random = new Random(7);
            var delays = Enumerable.Range(0, 40).Select(_ => random.Next(0, 15)).ToArray();
            using (var reads = new OrderedReadAhead<int, string>(i =>
            {
                int now = Interlocked.Increment(ref inFlight);
                lock (delays) peak = Math.Max(peak, now);
                Thread.Sleep(delays[i]);
                Interlocked.Decrement(ref inFlight);
                return "read " + i;
            }, limit))
            {
                var results = new List<ReadResult<int, string>>();
                for (int i = 0; i < 40; i++) results.AddRange(reads.Add(i));
                results.AddRange(reads.Finish());
                Assert.Equal(Enumerable.Range(0, 40), results.Select(r => r.Item));
                Assert.All(results, r => Assert.Equal("read " + r.Item, r.Value));
            }
            Assert.True(peak <= limit, $"{peak} reads ran at once with a limit of {limit}.");
            if (limit > 1) Assert.True(peak > 1, $"The reads never overlapped (peak {peak}, min threads {MinThreads()}).");
        }

        private static int MinThreads() { ThreadPool.GetMinThreads(out int w, out _); return w; }

        [Fact]
        public void AFailedReadIsReportedForItsItemAndTheOthersGoOn()
        {
            using (var reads = new OrderedReadAhead<int, int>(i => i == 2 ? throw new OrsException("X", OrsErrorKind.ReadError, "no", i) : i * 10, 3))
            {
                var results = Enumerable.Range(0, 5).SelectMany(reads.Add).Concat(reads.Finish()).ToList();
                Assert.Equal(new[] { 0, 1, 2, 3, 4 }, results.Select(r => r.Item));
                Assert.IsType<OrsException>(results[2].Error);
                Assert.Equal(new[] { 0, 10, 30, 40 }, results.Where(r => r.Error == null).Select(r => r.Value));
            }
        }
    }
}
