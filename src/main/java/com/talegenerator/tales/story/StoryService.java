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
import com.talegenerator.tales.shared.AutocommitRead;
import com.talegenerator.tales.shared.Filter;
import com.talegenerator.tales.shared.IfMatch;
import com.talegenerator.tales.shared.InvalidFieldException;
import com.talegenerator.tales.shared.KeysetPager;
import com.talegenerator.tales.shared.PageRequest;
import com.talegenerator.tales.shared.Slice;
import com.talegenerator.tales.shared.Timestamps;
import com.talegenerator.tales.shared.UnknownReferenceException;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Stories: storing what the generator wrote (with its child), reading, listing, rating
 * and deleting them.
 */
@Service
@Transactional
public class StoryService {

	private final StoryRepository stories;

	private final ChildService children;

	private final KeysetPager pager;

	private final ApplicationEventPublisher events;

	private final CurrentCaller caller;

	private final TransactionOperations transactions;

	private final StoryRowMapper rowMapper;

	StoryService(StoryRepository stories, ChildService children, KeysetPager pager, ApplicationEventPublisher events,
			CurrentCaller caller, TransactionOperations transactions, StoryRowMapper rowMapper) {
		this.stories = stories;
		this.children = children;
		this.pager = pager;
		this.events = events;
		this.caller = caller;
		this.transactions = transactions;
		this.rowMapper = rowMapper;
	}

	/**
	 * Stores a new story. A new {@code child} is created in the same transaction: if the
	 * story cannot be stored, the child is not either. Without a new child the story is
	 * one INSERT in autocommit: one round trip, no COMMIT of its own.
	 * @throws UnknownReferenceException if {@code childId} names no child
	 */
	@Transactional(propagation = Propagation.SUPPORTS)
	Story create(StoryRequest request) {
		if (request.childId() != null && request.child() != null) {
			throw new InvalidFieldException("child", "give either childId or child, not both");
		}
		ChildDetails newChild = request.child();
		if (newChild != null) {
			return Objects
				.requireNonNull(this.transactions.execute((status) -> store(request, this.children.create(newChild))));
		}
		Child child = null;
		if (request.childId() != null) {
			UUID childId = request.childId();
			child = this.children.findById(childId)
				.orElseThrow(() -> new UnknownReferenceException("childId", "Child", childId));
		}
		return store(request, child);
	}

	private Story store(StoryRequest request, @Nullable Child child) {
		// the back-office writing a story for a family's child writes it for that family
		UUID owner = (this.caller.get().owner() != null) ? this.caller.get().owner()
				: (child != null) ? child.userId() : null;
		return this.stories.save(Story.create(request, child, owner, Timestamps.now()));
	}

	@AutocommitRead
	Story get(UUID id) {
		Caller caller = this.caller.get();
		return this.stories.findById(id)
			.filter((story) -> caller.canSee(story.userId()))
			.orElseThrow(() -> new StoryNotFoundException(id));
	}

	/** Stories newest first; every filter given narrows the list (AND). */
	@AutocommitRead
	Slice<Story> list(StoryFilter filter, PageRequest page) {
		return this.pager.page(Story.class, this.rowMapper, conditions(filter), page);
	}

	/**
	 * Like {@link #list(StoryFilter, PageRequest)}, each story reduced to the given
	 * fields, and only their columns read.
	 */
	@AutocommitRead
	Slice<Map<String, Object>> list(StoryFilter filter, PageRequest page, List<String> fields) {
		return this.pager.page(Story.class, conditions(filter), page, fields);
	}

	/**
	 * The stories of one child, newest first, all their fields or the given ones.
	 * @throws com.talegenerator.tales.shared.NotFoundException if the child does not
	 * exist
	 */
	@AutocommitRead
	Slice<Story> listForChild(UUID childId, PageRequest page) {
		this.children.get(childId);
		return list(StoryFilter.ofChild(childId), page);
	}

	@AutocommitRead
	Slice<Map<String, Object>> listForChild(UUID childId, PageRequest page, List<String> fields) {
		this.children.get(childId);
		return list(StoryFilter.ofChild(childId), page, fields);
	}

	private List<Filter> conditions(StoryFilter filter) {
		return Filter.where()
			.equal("userId", this.caller.get().scope())
			.equal("childName", filter.childName())
			.equal("childId", filter.childId())
			.equal("language", filter.language())
			.atLeast("rating", filter.minRating())
			.build();
	}

	/**
	 * Rates the story. Without a precondition it is one statement; with one, the row is
	 * locked and checked first, so of two raters holding the same version one wins.
	 */
	Story rate(UUID id, int rating, IfMatch ifMatch) {
		if (ifMatch.present()) {
			ifMatch.check(lock(id).updatedAt());
		}
		Instant now = Timestamps.now();
		return this.stories.rate(id, rating, now.atOffset(ZoneOffset.UTC), this.caller.get().scope())
			.orElseThrow(() -> new StoryNotFoundException(id));
	}

	/** Deletes the story; its stored files are removed after the deletion commits. */
	void delete(UUID id, IfMatch ifMatch) {
		if (ifMatch.present()) {
			ifMatch.check(lock(id).updatedAt());
		}
		if (!this.stories.deleteIfExists(id, this.caller.get().scope())) {
			throw new StoryNotFoundException(id);
		}
		this.events.publishEvent(new StoryDeleted(id));
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
	 */
	record StoryFilter(@Nullable String childName, @Nullable UUID childId, @Nullable String language,
			@Nullable Integer minRating) {

		static StoryFilter ofChild(UUID childId) {
			return new StoryFilter(null, childId, null, null);
		}

	}

}
