package io.kindly.lint;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.dictionary.CustomDictionary;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Chinese as words, through HanLP (portable; its dictionaries are in its jar). Without word boundaries a list term is
 * found inside unrelated words: 公安 inside 办公安排, 抓 inside 抓紧. Traditional text is read as Simplified, so one
 * word list serves both scripts.
 *
 * <p>The list terms are added to the segmenter's dictionary, so a term is kept whole (紧急联系人, 经侦, 老赖) even where
 * HanLP's general dictionary would cut it. HanLP's dictionary is process-wide, as is this class's state.
 */
final class ChineseWords {
    private static Segment segment;

    private ChineseWords() {
    }

    /** Traditional characters and words as Simplified; other text unchanged. */
    static String simplified(String text) {
        return HanLP.convertToSimplifiedChinese(text);
    }

    /** Makes the segmenter keep each of these words whole. */
    static synchronized void keepWhole(Collection<String> words) {
        for (String w : words) {
            if (w.length() > 1 && !CustomDictionary.contains(w)) {
                CustomDictionary.insert(w);
            }
        }
    }

    /** Where each word of a run of Chinese characters ends: one end offset (exclusive) per word. */
    static synchronized List<Integer> wordEnds(String run) {
        if (segment == null) {
            // no name, place or organisation guessing: it only merges characters across the words we look for
            segment = HanLP.newSegment().enableOffset(true).enableCustomDictionary(true).enablePartOfSpeechTagging(false)
                    .enableNameRecognize(false).enablePlaceRecognize(false).enableOrganizationRecognize(false)
                    .enableTranslatedNameRecognize(false).enableJapaneseNameRecognize(false)
                    .enableNumberQuantifierRecognize(false);
        }
        List<Integer> ends = new ArrayList<>();
        int at = 0;
        for (Term t : segment.seg(run)) {
            at += t.word.length();
            ends.add(at);
        }
        if (ends.isEmpty() || ends.get(ends.size() - 1) != run.length()) {
            ends.add(run.length()); // never lose text, whatever the segmenter did
        }
        return ends;
    }
}
