// Components available in every MDX body without imports: passed to <Content components={mdxComponents} />.
import Callout from './Callout.astro';
import Steps from './Steps.astro';
import Figure from './Figure.astro';
import Video from './Video.astro';
import Kbd from './Kbd.astro';
import ItemLink from './ItemLink.astro';
import Table from './Table.astro';
import Tabs from './Tabs.astro';
import Tab from './Tab.astro';
import FileTree from './FileTree.astro';
import CodeBlock from './CodeBlock.astro';

export const mdxComponents = { Callout, Steps, Figure, Video, Kbd, ItemLink, Tabs, Tab, FileTree, table: Table, pre: CodeBlock };
