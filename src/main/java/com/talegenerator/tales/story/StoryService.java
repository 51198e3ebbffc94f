package com.talegenerator.tales.story;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.talegenerator.tales.auth.Caller;
import com.talegenerator.tales.auth.CurrentCaller;
import com.talegenerator.tales.child.Child;
import com.talegenerator.tales.child.ChildDetails;
import com.talegenerator.tales.child.ChildService;
import com.talegenerator.tales.media.FilesOrphaned;
import com.talegenerator.tales.paging.ListFilter;
import com.talegenerator.tales.web.etag.IfMatch;
import com.talegenerator.tales.web.problem.InvalidFieldException;
import com.talegenerator.tales.paging.PageQuery;
import com.talegenerator.tales.paging.KeysetPage;
import com.talegenerator.tales.database.Timestamps;
import com.talegenerator.tales.web.problem.UnknownReferenceException;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Stories: storing what the generator wrote (with its child), reading, listing, rating
 * and deleting them. Reads and single-statement writes run in autocommit, outside any
 * transaction: a transaction would cost a round trip for its COMMIT, and its interceptor
 * ran on every request. What takes more than one statement runs in one transaction.
 */
@Service
public class StoryService {

	private final StoryRepository stories;

	private final ChildService children;

	private final ApplicationEventPublisher events;

	private final CurrentCaller caller;

	private final TransactionOperations transactions;

	private final StoryMetrics metrics;

	StoryService(StoryRepository stories, ChildService children, ApplicationEventPublisher events, CurrentCaller caller,
			TransactionOperations transactions, StoryMetrics metrics) {
		this.metrics = metrics;
		this.stories = stories;
		this.children = children;
		this.events = events;
		this.caller = caller;
		this.transactions = transactions;
	}

	/**
	 * Stores a new story. A new {@code child} is created in the same transaction: if the
	 * story cannot be stored, the child is not either. Without a new child the story is
	 * one INSERT in autocommit (after the child's lookup, for a {@code childId}).
	 * @throws UnknownReferenceException if {@code childId} names no child
	 */
	Story create(StoryRequest request) {
		if (request.childId() != null && request.child() != null) {
			throw new InvalidFieldException("child", "give either childId or child, not both");
		}
		ChildDetails newChild = request.child();
		Story story = (newChild != null)
				? Objects.requireNonNull(
						this.transactions.execute((status) -> store(request, this.children.create(newChild))))
				: store(request, existingChild(request.childId()));
		this.metrics.created();
		return story;
	}

	private @Nullable Child existingChild(@Nullable UUID childId) {
		if (childId == null) {
			return null;
		}
		return this.children.findById(childId)
			.orElseThrow(() -> new UnknownReferenceException("childId", "Child", childId));
	}

	private Story store(StoryRequest request, @Nullable Child child) {
		// the back-office writing a story for a family's child writes it for that family
		UUID owner = (this.caller.get().owner() != null) ? this.caller.get().owner()
				: (child != null) ? child.userId() : null;
		return this.stories.insert(Story.create(request, child, owner, Timestamps.now()));
	}

	/** The story, if the caller may see it. */
	Story get(UUID id) {
		return this.stories.findById(id, this.caller.get().scope()).orElseThrow(() -> new StoryNotFoundException(id));
	}

	/** Stories newest first; every filter given narrows the list (AND). */
	KeysetPage<Story> list(StoryFilter filter, PageQuery page) {
		return this.stories.page(conditions(filter), page);
	}

	/**
	 * Like {@link #list(StoryFilter, PageQuery)}, each story reduced to the given fields,
	 * and only their columns read.
	 */
	KeysetPage<Map<String, Object>> list(StoryFilter filter, PageQuery page, List<String> fields) {
		return this.stories.page(conditions(filter), page, fields);
	}

	/**
	 * The stories of one child, newest first, all their fields or the given ones. A story
	 * names only a child that exists and that its caller may see, so only an empty page
	 * needs the child looked up: one statement for every page that has stories.
	 * @throws com.talegenerator.tales.web.problem.NotFoundException if the child does not
	 * exist
	 */
	KeysetPage<Story> listForChild(UUID childId, PageQuery page) {
		return ofKnownChild(childId, list(StoryFilter.ofChild(childId), page));
	}

	KeysetPage<Map<String, Object>> listForChild(UUID childId, PageQuery page, List<String> fields) {
		return ofKnownChild(childId, list(StoryFilter.ofChild(childId), page, fields));
	}

	private <T> KeysetPage<T> ofKnownChild(UUID childId, KeysetPage<T> stories) {
		if (stories.items().isEmpty()) {
			this.children.get(childId);
		}
		return stories;
	}

	private List<ListFilter> conditions(StoryFilter filter) {
		if (filter.words() != null) {
			this.metrics.searched();
		}
		return ListFilter.where()
			.equal("userId", this.caller.get().scope())
			.equal("childName", filter.childName())
			.equal("childId", filter.childId())
			.equal("language", filter.language())
			.atLeast("rating", filter.minRating())
			.matches(filter.words(), filter.language())
			.build();
	}

	/**
	 * Rates the story. Without a precondition it is one statement; with one, the row is
	 * locked and checked first, so of two raters holding the same version one wins.
	 */
	@Transactional
	Story rate(UUID id, int rating, IfMatch ifMatch) {
		if (ifMatch.present()) {
			ifMatch.check(lock(id).updatedAt());
		}
		Instant now = Timestamps.now();
		return this.stories.rate(id, rating, now.atOffset(ZoneOffset.UTC), this.caller.get().scope())
			.orElseThrow(() -> new StoryNotFoundException(id));
	}

	/** Deletes the story; its stored files are removed after the deletion commits. */
	@Transactional
	void delete(UUID id, IfMatch ifMatch) {
		if (ifMatch.present()) {
			ifMatch.check(lock(id).updatedAt());
		}
		if (!this.stories.deleteIfExists(id, this.caller.get().scope())) {
			throw new StoryNotFoundException(id);
		}
		this.events.publishEvent(new FilesOrphaned(StoryMediaService.folder(id)));
	}

	/**
	 * The story, locked for this transaction's write; another caller's answers 404 before
	 * any precondition is looked at.
	 */
	private Story lock(UUID id) {
		Caller caller = this.caller.get();
		return this.stories.findByIdForUpdate(id)
			.filter((story) -> caller.canSee(story.userId()))
			.orElseThrow(() -> new StoryNotFoundException(id));
	}

	/**
	 * The filters of {@code GET /stories}; {@code null} means "any".
	 *
	 * @param childName exact snapshot name
	 * @param childId the child's profile
	 * @param language ISO 639-1 code
	 * @param minRating rating at least this
	 * @param words a web-search query over the title, moral and text, read in
	 * {@code language} if given, else in every language
	 */
	record StoryFilter(@Nullable String childName, @Nullable UUID childId, @Nullable String language,
			@Nullable Integer minRating, @Nullable String words) {

		/** A query of nothing but spaces finds everything, like no query. */
		StoryFilter {
			words = (words != null && !words.isBlank()) ? words : null;
		}

		static StoryFilter ofChild(UUID childId) {
			return new StoryFilter(null, childId, null, null, null);
		}

	}

}
