package io.sqsmega.benchmarks.e2e;

import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaMessage;

/**
 * A hundred listeners on one queue, each matching one shard, so that each message is dispatched
 * through the index to exactly one of them. Written out by a script (one method per shard): a
 * {@code @MegaListener} is a method, and 100 of them are what the benchmark measures.
 */
public class HundredListeners {

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 0")
    void shard0(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 1")
    void shard1(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 2")
    void shard2(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 3")
    void shard3(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 4")
    void shard4(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 5")
    void shard5(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 6")
    void shard6(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 7")
    void shard7(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 8")
    void shard8(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 9")
    void shard9(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 10")
    void shard10(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 11")
    void shard11(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 12")
    void shard12(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 13")
    void shard13(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 14")
    void shard14(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 15")
    void shard15(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 16")
    void shard16(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 17")
    void shard17(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 18")
    void shard18(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 19")
    void shard19(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 20")
    void shard20(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 21")
    void shard21(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 22")
    void shard22(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 23")
    void shard23(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 24")
    void shard24(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 25")
    void shard25(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 26")
    void shard26(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 27")
    void shard27(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 28")
    void shard28(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 29")
    void shard29(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 30")
    void shard30(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 31")
    void shard31(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 32")
    void shard32(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 33")
    void shard33(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 34")
    void shard34(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 35")
    void shard35(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 36")
    void shard36(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 37")
    void shard37(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 38")
    void shard38(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 39")
    void shard39(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 40")
    void shard40(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 41")
    void shard41(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 42")
    void shard42(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 43")
    void shard43(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 44")
    void shard44(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 45")
    void shard45(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 46")
    void shard46(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 47")
    void shard47(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 48")
    void shard48(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 49")
    void shard49(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 50")
    void shard50(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 51")
    void shard51(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 52")
    void shard52(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 53")
    void shard53(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 54")
    void shard54(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 55")
    void shard55(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 56")
    void shard56(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 57")
    void shard57(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 58")
    void shard58(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 59")
    void shard59(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 60")
    void shard60(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 61")
    void shard61(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 62")
    void shard62(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 63")
    void shard63(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 64")
    void shard64(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 65")
    void shard65(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 66")
    void shard66(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 67")
    void shard67(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 68")
    void shard68(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 69")
    void shard69(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 70")
    void shard70(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 71")
    void shard71(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 72")
    void shard72(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 73")
    void shard73(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 74")
    void shard74(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 75")
    void shard75(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 76")
    void shard76(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 77")
    void shard77(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 78")
    void shard78(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 79")
    void shard79(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 80")
    void shard80(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 81")
    void shard81(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 82")
    void shard82(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 83")
    void shard83(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 84")
    void shard84(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 85")
    void shard85(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 86")
    void shard86(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 87")
    void shard87(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 88")
    void shard88(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 89")
    void shard89(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 90")
    void shard90(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 91")
    void shard91(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 92")
    void shard92(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 93")
    void shard93(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 94")
    void shard94(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 95")
    void shard95(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 96")
    void shard96(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 97")
    void shard97(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 98")
    void shard98(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    @MegaListener(queue = "${bench.queue}", match = "event.name == 'item.added' && event.attributes.shard == 99")
    void shard99(MegaEvent event, MegaMessage message) {
        handled(message);
    }

    private static void handled(MegaMessage message) {
        Consumer.progress.handled(message.attributes().get("group"), Integer.parseInt(message.attributes().get("seq")));
    }
}
